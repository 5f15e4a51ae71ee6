import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, HEAP_GROWING_PERCENT } from '../../../src/cli/heap.js';

describe('boundHeapGrowth', () => {
  const run = (options: { execArgv?: string[]; v8Version?: string }) => {
    const set: string[] = [];
    const applied = boundHeapGrowth({
      execArgv: [],
      v8Version: '12.4.254.21-node.33',
      ...options,
      setFlags: (flags) => set.push(flags),
    });
    return { applied, set };
  };

  it('bounds the heap growth of the CLI process', () => {
    expect(run({})).toEqual({
      applied: true,
      set: [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`],
    });
  });

  it('leaves a growth the user gave node alone', () => {
    expect(run({ execArgv: ['--heap-growing-percent=30'] })).toEqual({ applied: false, set: [] });
    expect(run({ execArgv: ['--heap_growing_percent', '30'] })).toEqual({
      applied: false,
      set: [],
    });
    // Other heap flags do not count as a choice of growth.
    expect(run({ execArgv: ['--max-old-space-size=900'] }).applied).toBe(true);
  });

  it('does nothing on a V8 not known to have the flag', () => {
    expect(run({ v8Version: '15.0.1' })).toEqual({ applied: false, set: [] });
    expect(run({ v8Version: 'unknown' })).toEqual({ applied: false, set: [] });
  });

  it('sets a flag this Node knows (an unknown one is reported on stderr)', () => {
    const setting = (flag: string) =>
      spawnSync(
        process.execPath,
        ['-e', `require('node:v8').setFlagsFromString('${flag}'); process.stdout.write('ok')`],
        { encoding: 'utf8' },
      );
    const known = setting(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect({ stdout: known.stdout, stderr: known.stderr }).toEqual({ stdout: 'ok', stderr: '' });
    expect(setting('--no-such-flag-ftrack-roles=1').stderr).toMatch(/unrecognized flag/);
  });
});
