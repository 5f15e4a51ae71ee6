import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { fakeIo } from './fake-io.js';

/**
 * docs/ci.md's two API users: a read-only one plans (in merge-request and pull-request
 * jobs), the writing one applies. A job that applies with the read-only key is told so.
 */
let emu: Emulator;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      security_roles: [
        { name: 'Administrator', type: 'PROJECT' },
        { name: 'User', type: 'PROJECT' },
      ],
      projects: [{ name: 'nebula', full_name: 'Nebula', is_private: false }],
      users: [
        { username: 'svc-access', api_key: 'write-key', roles: { Administrator: 'all-open' } },
        { username: 'svc-read', api_key: 'read-key' },
        { username: 'ana' },
      ],
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-read-only-'));
  mkdirSync(join(dir, 'access'));
  writeFileSync(
    join(dir, 'access/users.yaml'),
    'version: 1\nsettings:\n  ignore_users: [svc-*]\nusers:\n  ana:\n    roles:\n      User: [nebula]\n',
  );
});
afterAll(async () => {
  await emu.stop();
});

const run = async (argv: string[], user: string, key: string) => {
  const io = fakeIo(dir, { FTRACK_SERVER: emu.url, FTRACK_API_USER: user, FTRACK_API_KEY: key });
  const code = await runCli(argv, io.io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
};

it('the read-only key plans; applying with it fails, naming the user and the key to use', async () => {
  const planned = await run(['plan', '--detailed-exitcode'], 'svc-read', 'read-key');
  expect(planned.code, planned.stderr).toBe(2);
  const refused = await run(['apply', '--yes'], 'svc-read', 'read-key');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('The API user "svc-read" may not change security roles');
  expect(refused.stderr).toContain('apply needs the writing API user');
  expect(refused.stderr).not.toContain('read-key');
  expect(emu.snapshot().users.find((u) => u.username === 'ana')?.roles).toEqual({});
  const applied = await run(['apply', '--yes'], 'svc-access', 'write-key');
  expect(applied.code, applied.stderr).toBe(0);
});
