import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { writeRequests } from '../reliability/helpers.js';
import { fakeIo } from './fake-io.js';

// A leading `!` in a pattern is one documented answer everywhere (docs/format.md, "Names
// and globs"): an error. It used to validate clean while plan read it as a negation and
// managed nobody ("No changes").

const root = join(import.meta.dirname, '../..');
const KEY = 'local-demo-key';
let emu: Emulator;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
  dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-negated-'));
  writeFileSync(
    join(dir, 'access.yaml'),
    [
      'version: 1',
      'settings:',
      "  ignore_users: ['!svc-*']",
      'users:',
      '  ana:',
      '    roles:',
      "      User: [nebula, '!show_*']",
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await emu.stop();
});

async function run(argv: string[]) {
  const env = { FTRACK_SERVER: emu.url, FTRACK_API_USER: 'svc-access', FTRACK_API_KEY: KEY };
  const io = fakeIo(dir, env);
  const code = await runCli(argv, io.io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

const EXPECTED = [
  "access.yaml:3:18: error FR314: '!svc-*' in settings.ignore_users starts with '!': negation is not supported",
  "access.yaml:7:22: error FR314: project '!show_*' of role 'User' of user 'ana' starts with '!': negation is not supported",
];

describe('a pattern that starts with ! (FR314)', () => {
  it('is the same error in validate and in plan, and plan sends no write', async () => {
    const validate = await run(['validate', 'access.yaml']);
    const plan = await run(['plan', 'access.yaml', '--detailed-exitcode']);
    for (const result of [validate, plan]) {
      expect(result.code).toBe(1);
      const errors = result.stderr.split('\n').filter((line) => line.includes(' error '));
      expect(errors).toEqual(EXPECTED);
      expect(result.stdout).toBe('');
    }
    expect(plan.stderr).not.toContain('No changes');
    expect(writeRequests(emu)).toEqual([]);
  });

  it('is a usage error for export --users, before anything is read', async () => {
    // The reads the plan above abandoned may still reach the server: let them land first.
    const before = await settledRequestCount(emu);
    const result = await run(['export', '--users', '!a*']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--users '!a*' starts with '!'");
    expect(result.stdout).toBe('');
    expect(emu.requestCount()).toBe(before);
  });
});

/** The emulator's request count once it has not moved for 100 ms. */
async function settledRequestCount(server: { requestCount(): number }): Promise<number> {
  let count = server.requestCount();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = server.requestCount();
    if (now === count) return now;
    count = now;
  }
}
