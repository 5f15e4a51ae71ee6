import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { parsePlan } from '../../../src/plan/index.js';
import { fakeIo } from '../fake-io.js';

// Issue 23, item 4: `User: ['*']` (or 'f*') granted the private project falcon, though a
// private project is reached only by naming it. Globs now match open projects only; a glob
// that would have matched private projects says so (FR412, a note naming them).

const root = join(import.meta.dirname, '../../..');
let emu: Emulator;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
  dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-globs-'));
  writeFileSync(
    join(dir, 'access.yaml'),
    [
      'version: 1',
      'users:',
      '  eli:',
      '    roles:',
      "      Reviewer: ['*']",
      "      Lead: ['f*']",
      '      Supervisor: [falcon]',
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

describe('a project glob', () => {
  it('reaches open projects only; a private one only by its name', async () => {
    const result = await run(['plan', 'access.yaml', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const plan = parsePlan(result.stdout, 'stdout');
    const after = (role: string) =>
      plan.changes.find((c) => c.user === 'eli' && c.role === role)?.after;
    expect(after('Reviewer')?.projects).toEqual([
      'ember',
      'harbor',
      'nebula',
      'show_reef',
      'show_tide',
    ]);
    expect(after('Lead')).toEqual({ all_open: false, projects: [] });
    expect(after('Supervisor')).toEqual({ all_open: false, projects: ['falcon'] });
    expect(result.stderr).toContain(
      'access.yaml:5:18: info FR412: The project glob "*" leaves out the private project falcon',
    );
    expect(result.stderr).toContain(
      'access.yaml:6:14: info FR412: The project glob "f*" leaves out the private project falcon',
    );
  });

  it('is shown the same way by explain', async () => {
    const result = await run(['explain', 'access.yaml', '--user', 'eli', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const view = JSON.parse(result.stdout) as {
      roles: { role: string; desired: { projects: string[] } | null }[];
    };
    const desired = (role: string) => view.roles.find((r) => r.role === role)?.desired?.projects;
    expect(desired('Reviewer')).not.toContain('falcon');
    expect(desired('Supervisor')).toEqual(['falcon']);
  });
});
