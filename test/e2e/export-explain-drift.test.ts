import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { DriftReport } from '../../src/report/index.js';
import { startEmulator, type Emulator, type EmulatorSeed } from '../../src/emulator/index.js';
import { fakeIo } from './fake-io.js';

const root = join(import.meta.dirname, '../..');
const ACCESS = 'examples/studio/access';
const KEY = 'local-demo-key';
const fixtures = (dir: string, name: string) => join(root, 'test/fixtures', dir, name);

async function cli(emu: Emulator, argv: string[], user = 'svc-access', key = KEY) {
  const run = fakeIo(root, { FTRACK_SERVER: emu.url, FTRACK_API_USER: user, FTRACK_API_KEY: key });
  const code = await runCli(argv, run.io);
  // The port changes from run to run; golden files hold a fixed one.
  const stable = (text: string) => text.replaceAll(emu.url, 'http://127.0.0.1:PORT');
  return { code, stdout: stable(run.stdout()), stderr: run.stderr() };
}

/** Exports the emulator's state into a fresh directory and plans the result. */
async function exportThenPlan(emu: Emulator, user: string, key: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-export-'));
  const exported = await cli(emu, ['export', '--out', dir], user, key);
  expect(exported.code, exported.stderr).toBe(0);
  const plan = await cli(emu, ['plan', dir, '--detailed-exitcode'], user, key);
  return { dir, exported, plan };
}

describe('the example studio', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('export --out writes files that plan reports as unchanged, without any key', async () => {
    const { dir, exported, plan } = await exportThenPlan(emu, 'svc-access', KEY);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toContain('No changes.');
    const users = readFileSync(join(dir, 'users/h.yaml'), 'utf8');
    expect(users).toContain('  hana:\n    roles:\n      Reviewer: all-open\n');
    const settings = readFileSync(join(dir, 'settings.yaml'), 'utf8');
    expect(settings).toContain('#   zoe: inactive (use --include-inactive)');
    // The settings that keep the export's own plan empty: zoe is inactive and left out.
    expect(settings).toContain('  manage: owned\n  inactive_users: keep\n');
    expect(readFileSync(join(dir, 'roles.yaml'), 'utf8')).toContain(
      '  # ASSIGNED\n  Restricted User: {}',
    );
    expect(exported.stderr).toContain('Exported 20 users and 9 roles');
    for (const text of [users, exported.stdout, exported.stderr]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('maria-demo-key');
    }
    const again = await cli(emu, ['export', '--out', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/ already exist; use --force to overwrite\.\n$/);
    writeFileSync(join(dir, 'extra.yaml'), 'version: 1\n');
    const forced = await cli(emu, ['export', '--out', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('also holds extra.yaml; plan reads every YAML file');
  });

  it('export to stdout is one valid config; --users filters it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-export-'));
    const all = await cli(emu, ['export', '--include-inactive']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('  # inactive on the server\n  zoe:');
    writeFileSync(join(dir, 'access.yaml'), all.stdout);
    const plan = await cli(emu, ['plan', dir, '--detailed-exitcode']);
    expect(plan.code, plan.stderr).toBe(0);
    const some = await cli(emu, ['export', '--users', 'ma*']);
    expect(some.stdout).toMatch(/^users:\n {2}maria:\n {4}roles:\n {6}Administrator: all-open\n$/m);
    expect(some.stdout).not.toContain('tomas');
  });

  it('drift classifies the example differences and exits 2', async () => {
    const text = await cli(emu, ['drift', ACCESS]);
    expect(text.code, text.stderr).toBe(2);
    await expect(text.stdout).toMatchFileSnapshot(fixtures('drift', 'studio.golden.txt'));
    const json = await cli(emu, ['drift', ACCESS, '--format', 'json']);
    const report = JSON.parse(json.stdout) as DriftReport;
    expect(report.differences.map((d) => [d.kind, d.user, d.role])).toEqual([
      ['not-applied', 'bo', 'User'],
      ['not-applied', 'chen', 'User'],
      ['not-applied', 'hana', 'Reviewer'],
      ['not-applied', 'jules', 'User'],
      ['changed-on-server', 'kim', 'Project Manager'],
      ['changed-on-server', 'pat', 'Legacy Editor'],
      // zoe is inactive and holds User, a role the files own: a finding
      ['inactive-user', 'zoe', 'User'],
    ]);
    expect(report.unmanaged.map((u) => [u.user, u.ignored, u.active])).toEqual([
      ['svc-access', true, true],
    ]);
    const markdown = await cli(emu, ['drift', ACCESS, '--format', 'markdown']);
    expect(markdown.stdout).toContain(
      '**Drift: 4 not applied, 2 changed on the server, 1 about an inactive user.**',
    );
  });

  const cases: [string, string[]][] = [
    ['user-ana.golden.txt', ['--user', 'ana']],
    ['user-hana.golden.txt', ['--user', 'hana']],
    ['user-kim.golden.txt', ['--user', 'kim']],
    ['user-zoe.golden.txt', ['--user', 'zoe']],
    ['project-falcon.golden.txt', ['--project', 'falcon']],
    ['project-harbor.golden.txt', ['--project', 'harbor']],
    ['user-hana.golden.json', ['--user', 'hana', '--format', 'json']],
    ['project-falcon.golden.json', ['--project', 'falcon', '--format', 'json']],
  ];
  for (const [file, args] of cases) {
    it(`explain ${args.join(' ')} (golden ${file})`, async () => {
      const result = await cli(emu, ['explain', ACCESS, ...args]);
      expect(result.code, result.stderr).toBe(0);
      await expect(result.stdout).toMatchFileSnapshot(fixtures('explain', file));
    });
  }

  it('explain refuses unclear requests and unknown names (exit 1)', async () => {
    const both = await cli(emu, ['explain', ACCESS, '--user', 'ana', '--project', 'falcon']);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('exactly one of --user NAME or --project NAME');
    const typo = await cli(emu, ['explain', ACCESS, '--user', 'hanna']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(
      'Unknown user "hanna": not on the server and not in the config (did you mean "hana"?).',
    );
    const project = await cli(emu, ['explain', ACCESS, '--project', 'falconn']);
    expect(project.code).toBe(1);
    expect(project.stderr).toContain('not in the config (did you mean "falcon"?).');
  });
});

describe('drift after apply', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('is in sync once the plan is applied, and reports a change made behind its back', async () => {
    const applied = await cli(emu, ['apply', ACCESS, '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    const synced = await cli(emu, ['drift', ACCESS]);
    expect(synced.code, synced.stdout).toBe(0);
    expect(synced.stdout).toContain(
      'No drift. The server matches the desired state for 20 managed users.',
    );
    // zoe's role is gone (inactive): only the ignored svc-access holds roles unmanaged.
    expect(synced.stdout).toContain('1 unmanaged user holds roles (information, not drift).');
    const ids = await emu.call([
      { action: 'query', expression: 'select id from User where username is "kim"' },
      { action: 'query', expression: 'select id from SecurityRole where name is "Lead"' },
    ]);
    const [user, role] = (ids as { data: { id: string }[] }[]).map((r) => r.data[0]!.id);
    await emu.call([{ action: 'add_user_security_role', user_id: user, role_id: role }]);
    const drifted = await cli(emu, ['drift', ACCESS, '--format', 'json']);
    expect(drifted.code).toBe(2);
    const report = JSON.parse(drifted.stdout) as DriftReport;
    expect(report.differences.map((d) => [d.kind, d.user, d.role, d.action])).toEqual([
      ['changed-on-server', 'kim', 'Lead', 'remove'],
    ]);
  });
});

describe('--help', () => {
  for (const [command, words] of [
    ['export', 'canonical desired-state YAML'],
    ['explain', "Explain access: a user's roles"],
    ['drift', 'Report how the ftrack server differs'],
  ] as const) {
    it(`${command} --help has a description, the options and examples`, async () => {
      const run = fakeIo(root, {});
      expect(await runCli([command, '--help'], run.io)).toBe(0);
      expect(run.stdout()).toContain(words);
      expect(run.stdout()).toContain('--api-key-file');
      expect(run.stdout()).toContain('Examples:');
      expect(run.stdout()).toContain('Exit status:');
    });
  }
});

describe('drift findings and exit codes', () => {
  const seed: EmulatorSeed = {
    security_roles: [
      { name: 'Administrator', type: 'PROJECT' },
      { name: 'User', type: 'PROJECT' },
    ],
    projects: [
      { name: 'alpha', full_name: 'Alpha', is_private: false },
      { name: 'old', full_name: 'Old', is_private: false, status: 'hidden' },
    ],
    users: [
      { username: 'admin', api_key: 'admin-key', roles: { Administrator: 'all-open' } },
      { username: 'ana', roles: { User: ['alpha'] } },
      { username: 'bo', is_active: false, roles: { User: ['alpha'] } },
    ],
  };
  let emu: Emulator;
  let dir: string;
  beforeAll(async () => {
    emu = await startEmulator({ seed });
    dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-drift-'));
  });
  afterAll(async () => {
    await emu.stop();
  });

  function config(name: string, text: string, settings = ''): string {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, `version: 1\nsettings:\n  ignore_users: [admin]\n${settings}${text}`);
    return file;
  }

  it('exits 0 in sync, 2 on drift, 1 on error', async () => {
    // The inactive bo holds User: manage: declared leaves him alone, keep or remove.
    const synced = config(
      'synced',
      'users:\n  ana:\n    roles:\n      User: [alpha]\n',
      '  manage: declared\n  inactive_users: keep\n',
    );
    expect((await cli(emu, ['drift', synced], 'admin', 'admin-key')).code).toBe(0);
    const drifted = config(
      'drifted',
      'users:\n  ana:\n    roles:\n      User: [alpha, old, gone]\n  bo:\n    roles:\n      User: all-open\n  ghost:\n    roles:\n      User: all-open\n',
    );
    const result = await cli(emu, ['drift', drifted, '--format', 'json'], 'admin', 'admin-key');
    expect(result.code, result.stderr).toBe(2);
    const report = JSON.parse(result.stdout) as DriftReport;
    expect(report.differences.map((d) => [d.kind, d.user, d.missing?.projects ?? null])).toEqual([
      ['closed-project', 'ana', ['old']],
      ['deleted-project', 'ana', ['gone']],
      // inactive_users: remove: bo's declared User no longer counts, his User [alpha] goes
      ['inactive-user', 'bo', null],
      ['unknown-user', 'ghost', null],
    ]);
    const invalid = config('invalid', 'users:\n  ana:\n    roles:\n      Usr: [alpha]\n');
    const failed = await cli(emu, ['drift', invalid], 'admin', 'admin-key');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('FR402');
    const denied = await cli(emu, ['drift', synced], 'admin', 'wrong-key');
    expect(denied.code).toBe(1);
  });
});

/** A small seeded generator (mulberry32), so the random studio is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A studio of `count` users with random roles and scopes, as an emulator seed. */
export function randomStudio(count: number, seed = 20_261_122): EmulatorSeed {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const projects = Array.from({ length: 60 }, (_, i) => ({
    name: `${pick(['show', 'film', 'ad'])}_${String(i).padStart(3, '0')}`,
    full_name: `Project ${i}`,
    is_private: next() < 0.15,
  }));
  const open = projects.filter((p) => !p.is_private).map((p) => p.name);
  const some = (names: string[]) => names.filter(() => next() < 4 / names.length);
  const roles = ['Supervisor', 'Lead', 'User', 'Reviewer', 'Project Manager'];
  const users: NonNullable<EmulatorSeed['users']> = [
    { username: 'admin', api_key: 'admin-key', roles: { Administrator: 'all-open' } },
  ];
  for (let i = 0; i < count - 1; i += 1) {
    const held: Record<string, 'all-open' | string[] | { all_open: boolean; projects: string[] }> =
      {};
    for (const role of roles) {
      const r = next();
      if (r < 0.25) held[role] = 'all-open';
      else if (r < 0.5) held[role] = some(projects.map((p) => p.name));
      else if (r < 0.6)
        held[role] = { all_open: true, projects: some(projects.map((p) => p.name)) };
    }
    if (next() < 0.05) held['Restricted User'] = some(open);
    users.push({
      username: `artist${String(i).padStart(4, '0')}`,
      is_active: next() > 0.05,
      roles: held,
    });
  }
  return {
    security_roles: [
      { name: 'Administrator', type: 'PROJECT' },
      ...roles.map((name) => ({ name, type: 'PROJECT' as const })),
      { name: 'Restricted User', type: 'ASSIGNED' },
      { name: 'API', type: 'API' },
    ],
    projects: projects.filter((p, i) => projects.findIndex((q) => q.name === p.name) === i),
    users,
  };
}

describe('a random studio of 2,000 users', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: randomStudio(2_000) });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('export → plan reports no change; drift finds only the inactive users holding roles', async () => {
    const { dir, exported, plan } = await exportThenPlan(emu, 'admin', 'admin-key');
    expect(exported.stderr).toMatch(/Exported 1\d{3} users/);
    expect(plan.code, plan.stdout.slice(0, 2000) + plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(
      /No changes\. The server matches the desired state for 1\d{3} managed users\./,
    );
    expect(readFileSync(join(dir, 'settings.yaml'), 'utf8')).toContain('  inactive_users: keep\n');
    const drift = await cli(emu, ['drift', dir, '--format', 'json'], 'admin', 'admin-key');
    expect(drift.code, drift.stderr).toBe(2);
    const report = JSON.parse(drift.stdout) as DriftReport;
    // inactive_users: keep keeps their roles, and each role they hold is a finding.
    const inactiveHolders = emu
      .snapshot()
      .users.filter((u) => u.is_active === false && Object.keys(u.roles).length > 0);
    expect(inactiveHolders.length).toBeGreaterThan(10);
    expect(report.differences.every((d) => d.kind === 'inactive-user')).toBe(true);
    expect(report.differences.map((d) => `${d.user} ${d.role}`).sort()).toEqual(
      inactiveHolders.flatMap((u) => Object.keys(u.roles).map((r) => `${u.username} ${r}`)).sort(),
    );
    expect(existsSync(join(dir, 'users/a.yaml'))).toBe(true);
  });
});
