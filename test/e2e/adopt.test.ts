import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator, type EmulatorSeed } from '../../src/emulator/index.js';
import type { Plan } from '../../src/plan/index.js';
import type { AdoptReport } from '../../src/report/adopt-types.js';
import type { DriftReport } from '../../src/report/index.js';
import {
  EXAMPLE_STUDIO,
  idOf,
  runIn,
  startStudio,
  studioEnv,
  writeRequests,
  type Studio,
} from '../reliability/helpers.js';
import { fakeIo } from './fake-io.js';

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emu) => emu.stop()));
});

/** The example studio (examples/studio: seed and access files) in a temp directory. */
function studio(): Promise<Studio> {
  return startStudio(started, EXAMPLE_STUDIO);
}

/** Every file under access/, path → bytes. */
function accessFiles(dir: string): Map<string, Buffer> {
  const root = join(dir, 'access');
  return new Map(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const path = join(e.parentPath, e.name).slice(root.length + 1);
        return [path, readFileSync(join(root, path))];
      }),
  );
}

/** The users with a difference in `drift --format json`. */
async function driftUsers(s: Studio): Promise<string[]> {
  const drift = await s.run(['drift', 'access', '--format', 'json']);
  const report = JSON.parse(drift.stdout) as DriftReport;
  return [...new Set(report.differences.map((d) => d.user))].sort();
}

async function planUsers(s: Studio): Promise<string[]> {
  const plan = await s.run(['plan', 'access', '--format', 'json']);
  expect(plan.code, plan.stderr).toBe(0);
  return [...new Set((JSON.parse(plan.stdout) as Plan).changes.map((c) => c.user))].sort();
}

const KIM_AND_HANA = `--- a/access/users/artists.yaml
+++ b/access/users/artists.yaml
@@ -18,6 +18,7 @@
   kim:
     roles:
       User: all-open
+      Project Manager: [ember]
   leo:
     roles:
       User: all-open
--- a/access/users/review.yaml
+++ b/access/users/review.yaml
@@ -7,7 +7,7 @@
   hana:
     roles:
       # Both forms at once: every open project, plus the private falcon by name.
-      Reviewer: { all_open: true, projects: [falcon] }
+      Reviewer: all-open
   pat:
     roles:
       # A freelancer: from 2027-04-01 (UTC) the grant is no longer desired and plan removes
`;

describe('ftrack-roles adopt on the example studio as seeded', () => {
  it('shows the diff (exit 2), writes it with --write (exit 0), and drift agrees', async () => {
    const s = await studio();
    const original = accessFiles(s.dir);
    const shown = await s.run(['adopt', 'access']);
    expect(shown.code, shown.stderr).toBe(2);
    expect(shown.stdout).toBe(KIM_AND_HANA);
    expect(accessFiles(s.dir)).toEqual(original);
    // What is left alone, each with a line: groups, a retired role, an inactive user.
    expect(shown.stderr).toContain(
      'Not adopted (5):\n' +
        '  bo / User: all open projects comes from group lighting, and the server does not have it; adopt never edits a group\n' +
        '      from access/groups.yaml:16:7 (group lighting)\n' +
        '      hint: take bo out of group lighting or change its grant by hand, or run apply to grant it again\n',
    );
    expect(shown.stderr).toContain(
      '  jules / User: falcon comes from group falcon-team, and the server does not have it',
    );
    expect(shown.stderr).toContain(
      '  pat / Legacy Editor: the role is retired in the catalogue; adopt does not grant a retired role\n      from access/roles.yaml:24:3\n',
    );
    expect(shown.stderr).toContain('  zoe: is inactive on the server;');
    expect(shown.stderr).toMatch(
      /\nAdopt: 2 changes for 2 users in 2 files, shown above, not written; run again with --write to write them\. 5 not adopted \(listed above\)\.\n$/,
    );

    // The diff is a patch git applies as is, to the same bytes --write writes.
    execFileSync('git', ['apply'], { cwd: s.dir, input: shown.stdout });
    const patched = accessFiles(s.dir);
    for (const [path, bytes] of original) writeFileSync(join(s.dir, 'access', path), bytes);

    const written = await s.run(['adopt', 'access', '--write']);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe(KIM_AND_HANA);
    expect(written.stderr).toContain(
      'Adopt: wrote 2 changes for 2 users to 2 files (access/users/artists.yaml, access/users/review.yaml).',
    );
    const after = accessFiles(s.dir);
    expect(after).toEqual(patched);
    const changed = [...after].filter(([path, bytes]) => !original.get(path)!.equals(bytes));
    expect(changed.map(([path]) => path).sort()).toEqual([
      'users/artists.yaml',
      'users/review.yaml',
    ]);

    expect(await driftUsers(s)).toEqual(['bo', 'chen', 'jules', 'pat', 'zoe']);
    expect(await planUsers(s)).toEqual(['bo', 'chen', 'jules', 'pat', 'zoe']);
    // Drift is left, but nothing adopt can change: exit 0.
    const again = await s.run(['adopt', 'access']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/\nNothing to adopt: 5 not adopted \(listed above\)\.\n$/);
    expect(writeRequests(s.emu)).toEqual([]);
  });
});

/** Changes made in ftrack behind the files' back, through the emulator in-process. */
async function changeBehindTheBack(emu: Emulator): Promise<void> {
  const user = (n: string) => idOf(emu, 'User', `username is "${n}"`);
  const role = (n: string) => idOf(emu, 'SecurityRole', `name is "${n}"`);
  const project = (n: string) => idOf(emu, 'Project', `name is "${n}"`);
  const ids = async (u: string, r: string) => ({ user_id: await user(u), role_id: await role(r) });
  const grant = async (u: string, r: string, p: string) => ({
    action: 'grant_user_security_role_project',
    ...(await ids(u, r)),
    project_id: await project(p),
  });
  await emu.call([{ action: 'remove_user_security_role', ...(await ids('ivan', 'User')) }]);
  await emu.call([
    {
      action: 'revoke_user_security_role_project',
      ...(await ids('liam', 'Project Manager')),
      project_id: await project('falcon'),
    },
  ]);
  await emu.call([
    { action: 'add_user_security_role', ...(await ids('olga', 'Reviewer')) },
    await grant('olga', 'Reviewer', 'ember'),
  ]);
  await emu.call([
    {
      action: 'revoke_user_security_role_project',
      ...(await ids('priya', 'User')),
      all_open_projects: true,
    },
    await grant('priya', 'User', 'nebula'),
  ]);
  await emu.call([
    {
      action: 'revoke_user_security_role_project',
      ...(await ids('ana', 'Lead')),
      project_id: await project('show_reef'),
    },
  ]);
  await emu.call([
    { action: 'add_user_security_role', ...(await ids('dara', 'Lead')) },
    await grant('dara', 'Lead', 'nebula'),
  ]);
  await emu.call([{ action: 'create', entity_type: 'User', entity_data: { username: 'quinn' } }]);
  await emu.call([
    { action: 'add_user_security_role', ...(await ids('quinn', 'User')) },
    await grant('quinn', 'User', 'ember'),
  ]);
  await emu.call([await grant('pat', 'Reviewer', 'harbor')]);
}

describe('ftrack-roles adopt after changes made in ftrack', () => {
  it('adopts them into the entries, keeping BOM, CRLF, globs and comments; drift is in sync', async () => {
    const s = await studio();
    expect((await s.run(['apply', 'access', '--yes'])).code).toBe(0);
    const inSync = await s.run(['adopt', 'access']);
    expect([inSync.code, inSync.stdout, inSync.stderr]).toEqual([
      0,
      '',
      'Nothing to adopt: the files and the server agree.\n',
    ]);
    await changeBehindTheBack(s.emu);
    const production = join(s.dir, 'access/users/production.yaml');
    const crlf = `\ufeff${readFileSync(production, 'utf8').replaceAll('\n', '\r\n')}`;
    writeFileSync(production, crlf);
    const original = accessFiles(s.dir);
    const writes = writeRequests(s.emu).length;

    const json = await s.run(['adopt', 'access', '--format', 'json']);
    expect(json.code, json.stderr).toBe(2);
    const report = JSON.parse(json.stdout) as AdoptReport;
    expect(report).toMatchObject({ format_version: 1, written: false, api_user: 'svc-access' });
    expect(report.changes.map((c) => [c.user, c.role, c.file, c.entry])).toEqual([
      ['ana', 'Lead', 'access/users/artists.yaml', { all_open: false, projects: ['show_tide'] }],
      ['ivan', 'User', 'access/users/artists.yaml', null],
      [
        'liam',
        'Project Manager',
        'access/users/production.yaml',
        { all_open: false, projects: ['show_*'] },
      ],
      ['olga', 'Reviewer', 'access/users/artists.yaml', { all_open: false, projects: ['ember'] }],
      ['priya', 'User', 'access/users/production.yaml', { all_open: false, projects: ['nebula'] }],
    ]);
    expect(report.not_adopted.map((n) => [n.user, n.role, n.reason])).toEqual([
      ['dara', 'Lead', 'group-member'],
      ['pat', 'Reviewer', 'until'],
      ['quinn', null, 'undeclared'],
    ]);
    expect(report.summary).toEqual({ users: 5, changes: 5, files: 2, not_adopted: 3 });

    const written = await s.run([
      'adopt',
      'access',
      '--write',
      '--add-undeclared',
      'access/users/adopted.yaml',
    ]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain('--- /dev/null\n+++ b/access/users/adopted.yaml\n');
    expect(writeRequests(s.emu).length).toBe(writes);

    const artists = readFileSync(join(s.dir, 'access/users/artists.yaml'), 'utf8');
    expect(artists).toContain(
      '      # ana also gets User on all open projects (lighting) and on falcon (falcon-team).\n      Lead: [show_tide]\n  ivan:\n    roles: {}\n  jules:\n',
    );
    expect(artists).toMatch(
      / {2}olga:\n {4}roles:\n {6}User: all-open\n {6}Reviewer: \[ember\]\n$/,
    );
    const bytes = readFileSync(production);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    expect(text).toBe(
      crlf
        .slice(1)
        .replace('      User: all-open\r\n  liam:', '      User: [nebula]\r\n  liam:')
        .replace("['show_*', falcon]", "['show_*']"),
    );
    expect(readFileSync(join(s.dir, 'access/users/adopted.yaml'), 'utf8')).toBe(
      '# Users who held roles on the server, added by `ftrack-roles adopt --add-undeclared`.\n' +
        'version: 1\nusers:\n  quinn:\n    roles:\n      User: [ember]\n',
    );
    // Files without a change are not rewritten.
    for (const path of ['settings.yaml', 'groups.yaml', 'roles.yaml', 'users/admins.yaml']) {
      expect(readFileSync(join(s.dir, 'access', path))).toEqual(original.get(path));
    }

    expect(await driftUsers(s)).toEqual(['dara', 'pat']);
    expect(await planUsers(s)).toEqual(['dara', 'pat']);
  });
});

const MINI_SEED: EmulatorSeed = {
  security_roles: [
    { name: 'Administrator', type: 'PROJECT' },
    { name: 'User', type: 'PROJECT' },
    { name: 'Lead', type: 'PROJECT' },
    { name: 'Editor', type: 'PROJECT' },
  ],
  projects: [{ name: 'alpha' }, { name: 'beta' }],
  users: [
    { username: 'svc', api_key: 'mini-key', roles: { Administrator: 'all-open' } },
    { username: 'ana', roles: { User: 'all-open', Lead: ['alpha'] } },
    { username: 'bo', roles: { Lead: ['beta'], Editor: ['alpha'] } },
    { username: 'cy', roles: { User: 'all-open' } },
  ],
};

const MINI_USERS = `version: 1
users:
  ana:
    roles:
      User: all-open
  cy:
    roles:
      User: all-open
      Editor: [beta]
`;

describe('ftrack-roles adopt and the roles the files own', () => {
  it('does not make a role owned that others hold, and says whose drift goes away', async () => {
    const emu = await startEmulator({ seed: MINI_SEED });
    started.push(emu);
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-adopt-'));
    mkdirSync(join(dir, 'access'));
    writeFileSync(join(dir, 'access/users.yaml'), MINI_USERS);
    const env = { ...studioEnv(emu, 'mini-key'), FTRACK_API_USER: 'svc' };
    const result = await runIn(dir, ['adopt', 'access', '--write'], env);
    expect(result.code, result.stderr).toBe(0);
    // ana's Lead would make Lead a role the files own: bo would lose Lead at the next apply.
    expect(result.stderr).toContain(
      '  ana / Lead: adding Lead would make it a role the files own, and bo would lose it at the next apply\n',
    );
    // cy's Editor goes; the files no longer name Editor, so bo's Editor is no longer drift.
    expect(result.stderr).toContain(
      'Also changed by this change:\n  bo / Editor: drift no longer reports it after this change (it was changed-on-server)\n',
    );
    expect(readFileSync(join(dir, 'access/users.yaml'), 'utf8')).toBe(
      MINI_USERS.replace('      Editor: [beta]\n', ''),
    );
    const drift = await runIn(dir, ['drift', 'access', '--format', 'json'], env);
    const report = JSON.parse(drift.stdout) as DriftReport;
    expect(report.differences.map((d) => [d.user, d.role])).toEqual([['ana', 'Lead']]);
  });
});

describe('ftrack-roles adopt refuses', () => {
  it('an invalid config (exit 1, file:line, nothing written)', async () => {
    const s = await studio();
    writeFileSync(
      join(s.dir, 'access/bad.yaml'),
      'version: 1\nusers:\n  x:\n    roles:\n      User: nope\n',
    );
    const original = accessFiles(s.dir);
    const result = await s.run(['adopt', 'access', '--write']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/access\/bad\.yaml:5:\d+: error FR\d{3}: /);
    expect(result.stdout).toBe('');
    expect(accessFiles(s.dir)).toEqual(original);
  });

  it('an --add-undeclared file the next plan would not read, before reading the server', async () => {
    const s = await studio();
    writeFileSync(join(s.dir, 'notes.yaml'), 'x: 1\n');
    const cases: [string, string][] = [
      ['elsewhere/new.yaml', 'outside the config, so the next plan would not read it'],
      ['access/users/new.txt', 'a config file ends in .yaml or .yml'],
      ['notes.yaml', 'not a file of the config'],
      ['access/.hidden/new.yaml', 'outside the config, so the next plan would not read it'],
    ];
    for (const [file, message] of cases) {
      const result = await s.run(['adopt', 'access', '--add-undeclared', file, '--write']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Error: --add-undeclared ${file}: ${message};`);
      expect(result.stderr).toContain('a new *.yaml file inside one of its directories (access)');
    }
    expect(s.emu.requests()).toEqual([]);
  });
});

describe('ftrack-roles adopt --help', () => {
  it('says what it does, what it leaves alone and its exit codes', async () => {
    const fake = fakeIo(process.cwd());
    expect(await runCli(['adopt', '--help'], fake.io)).toBe(0);
    const help = fake.stdout();
    expect(help).toMatch(/^Usage: ftrack-roles adopt \[options\] \[paths\.\.\.\]/);
    expect(help).toContain('--write');
    expect(help).toContain('--add-undeclared <file>');
    expect(help).toContain('--format <format>');
    expect(help.replace(/\s+/g, ' ')).toContain('(choices: "text", "json", default: "text")');
    expect(help).toContain('Exit status: 0 nothing to adopt, or the files written (--write); 2');
  });
});
