import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { writeRequests } from '../../reliability/helpers.js';
import { fakeIo } from '../fake-io.js';

// Issue 23, item 2: a typo in settings.protected[].role switched the min-holders rule off
// (FR454 was only a warning, and apply went on). A protected role that the server does not
// have is now an error at plan time, with its position and "did you mean" (FR411).

const root = join(import.meta.dirname, '../../..');
let emu: Emulator;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
  dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-protected-'));
  mkdirSync(join(dir, 'access'));
  // No role catalogue: with one, FR305 already catches the typo offline.
  writeFileSync(
    join(dir, 'access/settings.yaml'),
    [
      'version: 1',
      'settings:',
      "  ignore_users: ['svc-*']",
      '  protected:',
      '    - role: administrator',
      '      min_holders: 3',
      'users:',
      '  maria:',
      '    roles:',
      '      User: all-open',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await emu.stop();
});

async function run(argv: string[]) {
  const io = fakeIo(dir, {
    FTRACK_SERVER: emu.url,
    FTRACK_API_USER: 'svc-access',
    FTRACK_API_KEY: 'local-demo-key',
  });
  const code = await runCli(argv, io.io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

const FR411 =
  /access\/settings\.yaml:5:\d+: error FR411: Unknown protected role "administrator": the server has no role with this name \(did you mean "Administrator"\?\)/;

describe('a protected role that the server does not have (FR411)', () => {
  it('stops plan and apply (exit 1, nothing sent)', async () => {
    const plan = await run(['plan', 'access']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(FR411);
    const apply = await run(['apply', 'access', '--yes']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(FR411);
    expect(writeRequests(emu)).toEqual([]);
  });

  it('is an error of validate --catalog', async () => {
    const pulled = await run(['catalog', 'pull', '--out', 'catalog.json']);
    expect(pulled.code, pulled.stderr).toBe(0);
    const validate = await run(['validate', 'access', '--catalog', 'catalog.json']);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(FR411);
  });
});
