import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { parsePlan, type Plan } from '../../src/plan/index.js';
import { writeRequests } from '../reliability/helpers.js';
import { fakeIo } from './fake-io.js';

const root = join(import.meta.dirname, '../..');
const KEY = 'local-demo-key';

let emu: Emulator;
const env = () => ({ FTRACK_SERVER: emu.url, FTRACK_API_USER: 'svc-access', FTRACK_API_KEY: KEY });

beforeAll(async () => {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
});
afterAll(async () => {
  await emu.stop();
});

async function plan(args: string[], environment = env()) {
  const run = fakeIo(root, environment);
  const code = await runCli(['plan', 'examples/studio/access', ...args], run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('ftrack-roles plan against the example studio', () => {
  it('shows the expected changes and exits 2 with --detailed-exitcode', async () => {
    const { code, stdout, stderr } = await plan(['--detailed-exitcode']);
    expect(code, stderr).toBe(2);
    expect(stdout).toContain('Plan: 2 to assign, 2 to modify, 3 to remove.');
    expect(stdout).toMatch(/^bo\n {2}\+ User: all open projects$/m);
    expect(stdout).toMatch(/^chen\n {2}~ User: nebula → all open projects \+ nebula$/m);
    expect(stdout).toMatch(
      /^hana\n {2}~ Reviewer: all open projects → all open projects \+ falcon$/m,
    );
    expect(stdout).toMatch(/^jules\n {2}\+ User: falcon$/m);
    expect(stdout).toMatch(/^kim\n {2}- Project Manager: ember \(not in the config\)$/m);
    expect(stdout).toMatch(/^pat\n {2}- Legacy Editor: all open projects \(retired role\)$/m);
    expect(stdout + stderr).not.toContain(KEY);
  });

  it('exits 0 without --detailed-exitcode, and the JSON plan has the example changes', async () => {
    const { code, stdout } = await plan(['--format', 'json']);
    expect(code).toBe(0);
    const parsed = parsePlan(stdout, 'stdout');
    expect(parsed.changes.map((c) => [c.user, c.role, c.action, c.reason])).toEqual([
      ['bo', 'User', 'assign', 'desired'],
      ['chen', 'User', 'modify', 'desired'],
      ['hana', 'Reviewer', 'modify', 'desired'],
      ['jules', 'User', 'assign', 'desired'],
      ['kim', 'Project Manager', 'remove', 'undeclared'],
      ['pat', 'Legacy Editor', 'remove', 'retired'],
      // zoe is inactive and holds User, a role the files own (inactive_users: remove)
      ['zoe', 'User', 'remove', 'inactive'],
    ]);
    expect(parsed.summary).toEqual({
      users: 7,
      changes: 7,
      assign: 2,
      remove: 3,
      modify: 2,
      removals: 3,
    });
    expect(parsed.managed).toMatchObject({ manage: 'owned', inactive_users: 'remove' });
    expect(parsed.managed.users).not.toContain('svc-access');
    expect(parsed.managed.users).toContain('zoe');
    expect(parsed.globs.map((g) => [g.pattern, g.matched])).toContainEqual([
      'show_*',
      ['show_reef', 'show_tide'],
    ]);
  });

  it('writes the JSON plan with --out, without the key, and the plan applies cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-plan-'));
    const out = join(dir, 'sub', 'plan.json');
    const { code, stderr } = await plan(['--out', out, '--format', 'markdown']);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`Saved the plan to ${out}`);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain(KEY);
    const saved: Plan = parsePlan(text, out);
    expect(saved.server).toBe(emu.url);
    expect(saved.api_user).toBe('svc-access');
    expect(saved.operations.length).toBeGreaterThan(0);
  });

  it('prints Markdown for a pull-request comment', async () => {
    const { code, stdout } = await plan(['--format', 'markdown']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^### ftrack-roles plan\n\n\*\*Plan: 2 to assign, 2 to modify, 3 to remove\.\*\*/,
    );
    expect(stdout).toContain('<details><summary><strong>kim</strong>: 1 to remove</summary>');
  });

  it('refuses with exit 3 when the removals exceed the limit, unless --allow-removals matches', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-plan-'));
    const out = join(dir, 'plan.json');
    const { code, stderr } = await plan(['--allow-removals', '1', '--out', out], env());
    // 3 removals are within max_removals (25): --allow-removals is not needed and not checked.
    expect(code, stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('refuses with exit 3 over max_removals, and accepts exactly --allow-removals N', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-plan-'));
    cpSync(join(root, 'examples/studio/access'), join(dir, 'access'), { recursive: true });
    const settings = join(dir, 'access/settings.yaml');
    writeFileSync(
      settings,
      readFileSync(settings, 'utf8').replace('max_removals: 25', 'max_removals: 1'),
    );
    const run = async (args: string[]) => {
      const io = fakeIo(dir, env());
      const code = await runCli(['plan', '--out', 'plan.json', ...args], io.io);
      return { code, stdout: io.stdout(), stderr: io.stderr() };
    };
    const refused = await run([]);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stdout).toContain('Plan: 2 to assign, 2 to modify, 3 to remove.');
    expect(refused.stderr).toMatch(/FR451.*removes access 3 times, more than max_removals \(1\)/);
    expect(refused.stderr).toContain('--allow-removals 3');
    expect(existsSync(join(dir, 'plan.json'))).toBe(false);
    expect((await run(['--allow-removals', '2'])).code).toBe(3);
    const accepted = await run(['--allow-removals', '3', '--detailed-exitcode']);
    expect(accepted.code, accepted.stderr).toBe(2);
    expect(existsSync(join(dir, 'plan.json'))).toBe(true);
  });

  it('reports plan-time errors with positions and did-you-mean, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-plan-'));
    writeFileSync(
      join(dir, 'team.yaml'),
      'version: 1\nusers:\n  mariaa:\n    roles:\n      Supervizor: [nebulla]\n',
    );
    const io = fakeIo(dir, env());
    const code = await runCli(['plan', 'team.yaml', '--out', 'plan.json'], io.io);
    expect(code).toBe(1);
    expect(io.stderr()).toMatch(/team\.yaml:3:\d+: error FR401: Unknown user "mariaa"/);
    expect(io.stderr()).toContain(
      'Unknown user "mariaa": the server has no user with this username (did you mean "maria"?)',
    );
    expect(io.stderr()).toMatch(/error FR402: Unknown security role "Supervizor"/);
    expect(io.stderr()).toMatch(/error FR403: Unknown project "nebulla"/);
    expect(io.stdout()).toBe('');
    expect(existsSync(join(dir, 'plan.json'))).toBe(false);
  });

  it('rejects a malformed --allow-removals', async () => {
    const { code, stderr } = await plan(['--allow-removals', 'many']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/whole number/);
  });

  it('fails with exit 1 and names the variable when the connection is incomplete', async () => {
    const { code, stderr } = await plan([], { FTRACK_SERVER: 'http://127.0.0.1:1' } as never);
    expect(code).toBe(1);
    expect(stderr).toMatch(/FTRACK_API_USER/);
  });

  it('fails with exit 1 on a config error and sends no write (reads may have begun)', async () => {
    emu.resetCounters();
    const { code, stderr } = await plan(['no/such/dir']);
    expect(code).toBe(1);
    expect(stderr).toContain('nothing was planned');
    expect(writeRequests(emu)).toEqual([]);
  });

  it('has help with a description and an example', async () => {
    const run = fakeIo(root, {});
    const code = await runCli(['plan', '--help'], run.io);
    expect(code).toBe(0);
    expect(run.stdout()).toContain('Compare the desired state with the ftrack server');
    expect(run.stdout()).toContain(
      '$ ftrack-roles plan access/ --out plan.json --detailed-exitcode',
    );
    expect(run.stdout()).toContain('--allow-removals <n>');
    expect(run.stdout()).toContain('--server <url>');
  });
});
