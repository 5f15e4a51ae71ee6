import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmulatorSetupError, startEmulator } from '../../../src/emulator/index.js';

// Issue 23, item 11: two emulators on one --state file lost each other's updates silently.
// The second one now refuses to start, naming the file and the first one's process.

const seed = {
  security_roles: [{ name: 'Administrator', type: 'PROJECT' }],
  users: [{ username: 'admin', api_key: 'k', roles: { Administrator: 'all-open' } }],
};

describe('the emulator state file', () => {
  it('is used by one emulator at a time', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'ftrack-roles-lock-')), 'state.json');
    const first = await startEmulator({ seed, stateFile });
    await expect(startEmulator({ seed, stateFile })).rejects.toThrow(EmulatorSetupError);
    await expect(startEmulator({ seed, stateFile })).rejects.toThrow(
      `The emulator state file ${stateFile} is in use by another emulator (process ${process.pid})`,
    );
    await first.stop();
    expect(existsSync(`${stateFile}.lock`)).toBe(false);
    const second = await startEmulator({ seed, stateFile });
    await second.stop();
  });

  it('is taken over from an emulator that died without stopping', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'ftrack-roles-lock-')), 'state.json');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(`${stateFile}.lock`, `${dead.stdout.toString()}\n`);
    const emulator = await startEmulator({ seed, stateFile });
    await emulator.stop();
  });
});
