/**
 * The ownership model against the emulator, one test per row of the table in
 * docs/format.md ("Ownership"): plan (exit 2, the expected change and reason) → apply →
 * plan (exit 0), and the rows that are never changed stay as they were.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorSeed } from '../../src/emulator/index.js';
import { parsePlan, type Plan } from '../../src/plan/index.js';
import { runIn, studioEnv, writeRequests, type RunResult } from '../reliability/helpers.js';

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emu) => emu.stop()));
});

/** A small studio: `secret` is private; Producer is a role the files below never mention. */
function baseSeed(): EmulatorSeed {
  return {
    security_roles: [
      { name: 'Administrator', type: 'PROJECT' },
      { name: 'Lead', type: 'PROJECT' },
      { name: 'User', type: 'PROJECT' },
      { name: 'Reviewer', type: 'PROJECT' },
      { name: 'Producer', type: 'PROJECT' },
    ],
    projects: [
      { name: 'nebula', is_private: false },
      { name: 'harbor', is_private: false },
      { name: 'secret', is_private: true },
    ],
    users: [
      { username: 'svc-access', api_key: 'local-demo-key', roles: { Administrator: 'all-open' } },
      { username: 'ana' },
      { username: 'bo' },
    ],
    groups: [{ name: 'Lighting', members: ['ana', 'bo'] }],
  };
}

type Users = NonNullable<EmulatorSeed['users']>;

/** The base seed plus `users` (replacing a base user of the same name). */
function seedWith(users: Users): EmulatorSeed {
  const seed = baseSeed();
  const names = new Set(users.map((u) => u.username));
  seed.users = [...seed.users!.filter((u) => !names.has(u.username)), ...users];
  return seed;
}

const LIGHTING = `version: 1
groups:
  lighting:
    members: [ana, bo]
    roles:
      User: all-open
      Lead: [secret]
`;

interface Scenario {
  emu: Emulator;
  run(...argv: string[]): Promise<RunResult>;
  /** Replaces (or, with `null`, deletes) an access file. */
  write(file: string, text: string | null): void;
  roles(username: string): Record<string, unknown> | undefined;
}

async function scenario(seed: EmulatorSeed, files: Record<string, string>): Promise<Scenario> {
  const emu = await startEmulator({ seed });
  started.push(emu);
  const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-ownership-'));
  mkdirSync(join(dir, 'access'));
  const write = (file: string, text: string | null) => {
    const path = join(dir, 'access', file);
    if (text === null) rmSync(path);
    else writeFileSync(path, text);
  };
  for (const [file, text] of Object.entries(files)) write(file, text);
  return {
    emu,
    write,
    run: (...argv) => runIn(dir, argv, studioEnv(emu)),
    roles: (username) => emu.snapshot().users.find((u) => u.username === username)?.roles,
  };
}

/** A grant made in the ftrack UI (outside the files): role added if needed, then the project. */
async function grantInUi(s: Scenario, user: string, role: string, project: string) {
  const id = async (type: string, where: string) => {
    const [answer] = (await s.emu.call([
      { action: 'query', expression: `select id from ${type} where ${where}` },
    ])) as { data: { id: string }[] }[];
    return answer!.data[0]!.id;
  };
  const ids = {
    user_id: await id('User', `username is "${user}"`),
    role_id: await id('SecurityRole', `name is "${role}"`),
  };
  await s.emu.call([
    { action: 'add_user_security_role', ...ids },
    {
      action: 'grant_user_security_role_project',
      ...ids,
      project_id: await id('Project', `name is "${project}"`),
    },
  ]);
}

const settings = (lines: string) => `version: 1\nsettings:\n${lines}`;

interface Expected {
  user: string;
  role: string;
  action: 'assign' | 'modify' | 'remove';
  reason: string;
}

/** plan (exit 2, `--format json`) → the (user, role, action, reason) of every change. */
async function planned(s: Scenario): Promise<{ plan: Plan; changes: Expected[] }> {
  const result = await s.run('plan', 'access', '--format', 'json', '--detailed-exitcode');
  expect(result.code, result.stderr).toBe(2);
  const plan = parsePlan(result.stdout, 'stdout');
  const changes = plan.changes.map(({ user, role, action, reason }) => ({
    user,
    role,
    action,
    reason,
  }));
  return { plan, changes };
}

/** apply --yes (exit 0), then the next plan is empty (exit 0). */
async function applyAndSettle(s: Scenario): Promise<void> {
  const applied = await s.run('apply', 'access', '--yes');
  expect(applied.code, applied.stderr).toBe(0);
  const again = await s.run('plan', 'access', '--detailed-exitcode');
  expect(again.code, again.stderr + again.stdout).toBe(0);
  expect(again.stdout).toContain('No changes');
}

/** The plan is empty (exit 0) and warns; returns its JSON. */
async function emptyPlan(s: Scenario): Promise<Plan> {
  const result = await s.run('plan', 'access', '--format', 'json', '--detailed-exitcode');
  expect(result.code, result.stderr).toBe(0);
  return parsePlan(result.stdout, 'stdout');
}

const ALL_OPEN = { all_open: true, projects: [] };
const SECRET = { all_open: false, projects: ['secret'] };

describe('ownership: a declared user', () => {
  for (const manage of ['owned', 'declared', 'all']) {
    it(`ends with exactly the desired roles (manage: ${manage}), other roles "undeclared"`, async () => {
      const s = await scenario(
        seedWith([
          { username: 'ana', roles: { User: 'all-open', Lead: ['secret'], Producer: ['nebula'] } },
          { username: 'bo', roles: { User: 'all-open', Lead: ['secret'] } },
        ]),
        { 'settings.yaml': settings(`  manage: ${manage}\n`), 'groups.yaml': LIGHTING },
      );
      const { changes } = await planned(s);
      expect(changes).toEqual([
        { user: 'ana', role: 'Producer', action: 'remove', reason: 'undeclared' },
      ]);
      await applyAndSettle(s);
      expect(s.roles('ana')).toEqual({ Lead: SECRET, User: ALL_OPEN });
    });
  }
});

describe('ownership: a leaver loses the owned roles, private-project grants included', () => {
  it('via a config group: deleted from members (default mode), "not-declared"', async () => {
    const s = await scenario(baseSeed(), { 'groups.yaml': LIGHTING });
    const first = await planned(s);
    expect(first.changes).toEqual([
      { user: 'ana', role: 'Lead', action: 'assign', reason: 'desired' },
      { user: 'ana', role: 'User', action: 'assign', reason: 'desired' },
      { user: 'bo', role: 'Lead', action: 'assign', reason: 'desired' },
      { user: 'bo', role: 'User', action: 'assign', reason: 'desired' },
    ]);
    await applyAndSettle(s);
    expect(s.roles('bo')).toEqual({ Lead: SECRET, User: ALL_OPEN });

    // bo left the show: his line goes from the group's members; a producer gives him
    // Producer (a role the files never mention) in the ftrack UI for his next show.
    s.write('groups.yaml', LIGHTING.replace('members: [ana, bo]', 'members: [ana]'));
    await grantInUi(s, 'bo', 'Producer', 'nebula');
    const { plan, changes } = await planned(s);
    expect(changes).toEqual([
      { user: 'bo', role: 'Lead', action: 'remove', reason: 'not-declared' },
      { user: 'bo', role: 'User', action: 'remove', reason: 'not-declared' },
    ]);
    expect(plan.changes.find((c) => c.role === 'Lead')?.before).toEqual(SECRET);
    const text = await s.run('plan', 'access');
    expect(text.stdout).toContain(
      '  - Lead: secret (not declared: holds a role the files own)\n      from access/groups.yaml:7:7 (group lighting)',
    );
    const explain = await s.run('explain', 'access', '--user', 'bo');
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stdout).toContain(
      'User bo: active on the server, undeclared holder of an owned role: the plan removes it',
    );
    await applyAndSettle(s);
    // Producer is never mentioned by the files: left alone on a user they do not declare.
    expect(s.roles('bo')).toEqual({ Producer: { all_open: false, projects: ['nebula'] } });
    const after = await s.run('explain', 'access', '--user', 'bo');
    expect(after.stdout).toContain(
      'User bo: active on the server, holder of an unmentioned role (only roles the files never mention): not managed',
    );
  });

  it('via a user entry: the entry deleted from the files', async () => {
    const s = await scenario(seedWith([{ username: 'cy' }]), {
      'groups.yaml': LIGHTING,
      'users.yaml': 'version: 1\nusers:\n  cy:\n    roles:\n      Lead: [secret]\n',
    });
    await planned(s);
    await applyAndSettle(s);
    expect(s.roles('cy')).toEqual({ Lead: SECRET });

    s.write('users.yaml', null);
    const { changes } = await planned(s);
    expect(changes).toEqual([
      { user: 'cy', role: 'Lead', action: 'remove', reason: 'not-declared' },
    ]);
    await applyAndSettle(s);
    expect(s.roles('cy')).toEqual({});
  });

  it('via an ftrack group a config group reads: removed from the group in ftrack', async () => {
    const s = await scenario(baseSeed(), {
      'groups.yaml': LIGHTING.replace('members: [ana, bo]', 'ftrack_group: Lighting'),
    });
    await planned(s);
    await applyAndSettle(s);
    expect(s.roles('bo')).toEqual({ Lead: SECRET, User: ALL_OPEN });

    // Someone takes bo out of the ftrack group Lighting (the directory sync, an admin).
    const [found] = (await s.emu.call([
      {
        action: 'query',
        expression:
          'select id from Membership where user.username is "bo" and group.name is "Lighting"',
      },
    ])) as { data: { id: string }[] }[];
    await s.emu.call([
      { action: 'delete', entity_type: 'Membership', entity_key: [found!.data[0]!.id] },
    ]);
    const { changes } = await planned(s);
    expect(changes).toEqual([
      { user: 'bo', role: 'Lead', action: 'remove', reason: 'not-declared' },
      { user: 'bo', role: 'User', action: 'remove', reason: 'not-declared' },
    ]);
    await applyAndSettle(s);
    expect(s.roles('bo')).toEqual({});
    expect(s.roles('ana')).toEqual({ Lead: SECRET, User: ALL_OPEN });
  });

  it('under manage: declared, a leaver is left alone and named in a warning with the count', async () => {
    const s = await scenario(
      seedWith([
        { username: 'ana', roles: { User: 'all-open', Lead: ['secret'] } },
        { username: 'bo', roles: { User: 'all-open', Lead: ['secret'] } },
      ]),
      {
        'settings.yaml': settings('  manage: declared\n'),
        'groups.yaml': LIGHTING.replace('members: [ana, bo]', 'members: [ana]'),
      },
    );
    const plan = await emptyPlan(s);
    expect(plan.warnings.map((w) => w.code)).toEqual(['FR414']);
    expect(plan.warnings[0]!.summary).toMatch(/^1 user holds .*: bo$/);
    const drift = await s.run('drift', 'access');
    expect(drift.code).toBe(0);
    expect(drift.stdout + drift.stderr).toContain('FR414');
    expect(s.roles('bo')).toEqual({ Lead: SECRET, User: ALL_OPEN });
  });

  it('under manage: all, a leaver loses every role, unmentioned ones too', async () => {
    const s = await scenario(
      seedWith([
        { username: 'ana', roles: { User: 'all-open', Lead: ['secret'] } },
        { username: 'bo', roles: { User: 'all-open', Lead: ['secret'], Producer: ['nebula'] } },
      ]),
      {
        'settings.yaml': settings('  manage: all\n'),
        'groups.yaml': LIGHTING.replace('members: [ana, bo]', 'members: [ana]'),
      },
    );
    const { changes } = await planned(s);
    expect(changes).toEqual([
      { user: 'bo', role: 'Lead', action: 'remove', reason: 'not-declared' },
      { user: 'bo', role: 'Producer', action: 'remove', reason: 'not-declared' },
      { user: 'bo', role: 'User', action: 'remove', reason: 'not-declared' },
    ]);
    await applyAndSettle(s);
    expect(s.roles('bo')).toEqual({});
  });
});

describe('ownership: users the files do not declare', () => {
  const seed = () =>
    seedWith([
      { username: 'ana', roles: { User: 'all-open', Lead: ['secret'] } },
      { username: 'bo', roles: { User: 'all-open', Lead: ['secret'] } },
      // ftrack gave kim the default role when SSO created her; the files never name her.
      { username: 'kim', roles: { User: 'all-open' } },
      // pat holds only a role the files never mention (producers grant it in the UI).
      { username: 'pat', roles: { Producer: ['nebula'] } },
    ]);

  it('an undeclared holder of an owned role loses it (default mode), "not-declared"', async () => {
    const s = await scenario(seed(), { 'groups.yaml': LIGHTING });
    const { changes } = await planned(s);
    expect(changes).toEqual([
      { user: 'kim', role: 'User', action: 'remove', reason: 'not-declared' },
    ]);
    await applyAndSettle(s);
    expect(s.roles('kim')).toEqual({});
  });

  it('a holder of an unmentioned role is left alone (default mode), and loses it under manage: all', async () => {
    const owned = await scenario(seed(), { 'groups.yaml': LIGHTING });
    const first = await planned(owned);
    expect(first.changes.some((c) => c.user === 'pat')).toBe(false);
    await applyAndSettle(owned);
    expect(owned.roles('pat')).toEqual({ Producer: { all_open: false, projects: ['nebula'] } });

    const all = await scenario(seed(), {
      'settings.yaml': settings('  manage: all\n'),
      'groups.yaml': LIGHTING,
    });
    const { changes } = await planned(all);
    expect(changes).toEqual([
      { user: 'kim', role: 'User', action: 'remove', reason: 'not-declared' },
      { user: 'pat', role: 'Producer', action: 'remove', reason: 'not-declared' },
    ]);
    await applyAndSettle(all);
    expect(all.roles('pat')).toEqual({});
  });

  it('under manage: declared, the undeclared holder is a warning with the count, plan and drift', async () => {
    const s = await scenario(seed(), {
      'settings.yaml': settings('  manage: declared\n'),
      'groups.yaml': LIGHTING,
    });
    const plan = await emptyPlan(s);
    expect(plan.warnings.map((w) => [w.code, w.summary])).toEqual([
      ['FR414', expect.stringMatching(/^1 user holds .*: kim$/)],
    ]);
    const text = await s.run('plan', 'access');
    expect(text.stderr + text.stdout).toContain('FR414');
    const drift = await s.run('drift', 'access', '--format', 'json');
    expect((JSON.parse(drift.stdout) as { warnings: { code: string }[] }).warnings).toEqual([
      expect.objectContaining({ code: 'FR414' }),
    ]);
    expect(s.roles('kim')).toEqual({ User: ALL_OPEN });
  });
});

describe('ownership: joiners get a baseline (members: all-active)', () => {
  const FILES = {
    'groups.yaml': `${LIGHTING}  everyone:
    members: all-active
    roles:
      User: all-open
`,
  };

  it('a new user who got more than the baseline loses the owned extra, keeps unmentioned roles', async () => {
    const s = await scenario(
      seedWith([
        { username: 'ana', roles: { User: 'all-open', Lead: ['secret'] } },
        { username: 'bo', roles: { User: 'all-open', Lead: ['secret'] } },
        // nia arrived through SSO with the default role and someone gave her Lead on secret.
        { username: 'nia', roles: { User: 'all-open', Lead: ['secret'], Producer: ['nebula'] } },
        // new arrived without any role: the baseline gives it.
        { username: 'new' },
      ]),
      FILES,
    );
    const { changes } = await planned(s);
    expect(changes).toEqual([
      { user: 'new', role: 'User', action: 'assign', reason: 'desired' },
      // The baseline declares nia for User only: Lead is an owned role she is not given.
      { user: 'nia', role: 'Lead', action: 'remove', reason: 'not-declared' },
    ]);
    const drift = await s.run('drift', 'access', '--format', 'json');
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('"nia"');
    await applyAndSettle(s);
    expect(s.roles('nia')).toEqual({
      Producer: { all_open: false, projects: ['nebula'] },
      User: ALL_OPEN,
    });
    expect(s.roles('new')).toEqual({ User: ALL_OPEN });
  });
});

describe('ownership: inactive users', () => {
  const seed = () =>
    seedWith([
      { username: 'ana', roles: { User: 'all-open', Lead: ['secret'] } },
      { username: 'bo', roles: { User: 'all-open', Lead: ['secret'] } },
      { username: 'zoe', is_active: false, roles: { Administrator: ['harbor'] } },
      { username: 'max', is_active: false, roles: { User: 'all-open', Lead: ['secret'] } },
    ]);
  const files = (extra: string) => ({
    ...(extra === '' ? {} : { 'settings.yaml': settings(extra) }),
    'groups.yaml': `${LIGHTING}  former:\n    members: [max]\n    roles:\n      User: all-open\n`,
    'users.yaml': 'version: 1\nusers:\n  tomas:\n    roles:\n      Administrator: all-open\n',
  });

  it('inactive_users: remove (default) takes owned roles from inactive users, declared or not', async () => {
    const s = await scenario(
      seedWith([
        ...(seed().users ?? []),
        { username: 'tomas', roles: { Administrator: 'all-open' } },
      ]),
      files(''),
    );
    const { changes } = await planned(s);
    expect(changes).toEqual([
      { user: 'max', role: 'Lead', action: 'remove', reason: 'inactive' },
      { user: 'max', role: 'User', action: 'remove', reason: 'inactive' },
      { user: 'zoe', role: 'Administrator', action: 'remove', reason: 'inactive' },
    ]);
    await applyAndSettle(s);
    expect(s.roles('zoe')).toEqual({});
    expect(s.roles('max')).toEqual({});
  });

  it('inactive_users: keep leaves them alone, and drift lists the owned roles they hold as findings', async () => {
    const s = await scenario(
      seedWith([...(seed().users ?? []), { username: 'tomas' }]),
      files('  inactive_users: keep\n'),
    );
    const { changes } = await planned(s);
    expect(changes).toEqual([
      { user: 'tomas', role: 'Administrator', action: 'assign', reason: 'desired' },
    ]);
    await applyAndSettle(s);
    expect(s.roles('zoe')).toEqual({ Administrator: { all_open: false, projects: ['harbor'] } });
    expect(s.roles('max')).toEqual({ Lead: SECRET, User: ALL_OPEN });
    const drift = await s.run('drift', 'access', '--format', 'json');
    expect(drift.code).toBe(2);
    const report = JSON.parse(drift.stdout) as {
      differences: { kind: string; user: string; role: string }[];
    };
    expect(report.differences.map((d) => [d.kind, d.user, d.role])).toEqual([
      ['inactive-user', 'max', 'Lead'],
      ['inactive-user', 'max', 'User'],
      ['inactive-user', 'zoe', 'Administrator'],
    ]);
  });
});

describe('ownership: users that are never changed', () => {
  it('ignored users, the API user and service accounts keep every role, even under manage: all', async () => {
    const s = await scenario(
      seedWith([
        { username: 'ana', roles: { User: 'all-open', Lead: ['secret'] } },
        { username: 'bo', roles: { User: 'all-open', Lead: ['secret'] } },
        { username: 'kim', roles: { User: 'all-open' } },
        { username: 'robot', roles: { User: 'all-open', Lead: ['secret'] } },
        {
          username: 'render-farm',
          type: 'service',
          roles: { User: 'all-open', Producer: ['nebula'] },
        },
      ]),
      {
        'settings.yaml': settings("  manage: all\n  ignore_users: ['robot']\n"),
        'groups.yaml': LIGHTING,
      },
    );
    const before = s.emu
      .snapshot()
      .users.filter((u) => ['robot', 'render-farm', 'svc-access'].includes(u.username));
    const { plan, changes } = await planned(s);
    expect(changes).toEqual([
      { user: 'kim', role: 'User', action: 'remove', reason: 'not-declared' },
    ]);
    expect(plan.managed.users).not.toContain('robot');
    expect(plan.managed.users).not.toContain('render-farm');
    expect(plan.managed.users).not.toContain('svc-access');
    await applyAndSettle(s);
    expect(
      s.emu
        .snapshot()
        .users.filter((u) => ['robot', 'render-farm', 'svc-access'].includes(u.username)),
    ).toEqual(before);
    const explain = await s.run('explain', 'access', '--user', 'render-farm');
    expect(explain.stdout).toMatch(/service account/);
  });
});

describe('ownership: an additive role', () => {
  it('the files add grants of it and never remove one, on anyone', async () => {
    const s = await scenario(
      seedWith([
        { username: 'ana', roles: { User: 'all-open', Lead: ['secret'], Reviewer: ['nebula'] } },
        { username: 'bo', roles: { User: 'all-open', Lead: ['secret'] } },
        { username: 'pat', roles: { Reviewer: ['nebula', 'secret'] } },
      ]),
      {
        'settings.yaml': settings('  manage: all\n'),
        'roles.yaml':
          'version: 1\nroles:\n  User: {}\n  Lead: {}\n  Reviewer:\n    ownership: additive\n',
        'groups.yaml': `${LIGHTING}      Reviewer: [harbor]\n`,
      },
    );
    const { changes } = await planned(s);
    expect(changes).toEqual([
      { user: 'ana', role: 'Reviewer', action: 'modify', reason: 'desired' },
      { user: 'bo', role: 'Reviewer', action: 'assign', reason: 'desired' },
    ]);
    await applyAndSettle(s);
    expect(s.roles('ana')?.['Reviewer']).toEqual({
      all_open: false,
      projects: ['harbor', 'nebula'],
    });
    expect(s.roles('pat')).toEqual({
      Reviewer: { all_open: false, projects: ['nebula', 'secret'] },
    });
  });
});

describe('ownership: the safety rules hold for every removal it brings', () => {
  it('ownership removals alone beyond max_removals are refused (exit 3), nothing is written', async () => {
    const holders = ['u1', 'u2', 'u3'].map((username) => ({
      username,
      roles: { Lead: ['secret'] },
    }));
    const s = await scenario(
      seedWith([
        { username: 'ana', roles: { User: 'all-open', Lead: ['secret'] } },
        { username: 'bo', roles: { User: 'all-open', Lead: ['secret'] } },
        ...holders,
      ]),
      { 'settings.yaml': settings('  max_removals: 2\n'), 'groups.yaml': LIGHTING },
    );
    const plan = await s.run('plan', 'access', '--detailed-exitcode');
    expect(plan.code).toBe(3);
    expect(plan.stderr).toMatch(/removes access 3 times, more than max_removals \(2\)/);
    s.emu.resetCounters();
    const apply = await s.run('apply', 'access', '--yes');
    expect(apply.code).toBe(3);
    expect(writeRequests(s.emu)).toEqual([]);
    expect(s.roles('u1')).toEqual({ Lead: SECRET });
    const allowed = await s.run('apply', 'access', '--yes', '--allow-removals', '3');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(s.roles('u1')).toEqual({});
  });

  it('a protected role keeps its minimum of holders against ownership removals', async () => {
    const s = await scenario(
      seedWith([
        { username: 'ana', roles: { User: 'all-open', Lead: ['secret'] } },
        { username: 'bo', roles: { User: 'all-open', Lead: ['secret'] } },
        { username: 'tomas', roles: { Administrator: 'all-open' } },
        { username: 'maria', roles: { Administrator: 'all-open' } },
      ]),
      {
        'settings.yaml': settings('  protected:\n    - { role: Administrator, min_holders: 3 }\n'),
        'groups.yaml': LIGHTING,
        // The files mention Administrator, so they own it: maria is an undeclared holder.
        'users.yaml': 'version: 1\nusers:\n  tomas:\n    roles:\n      Administrator: all-open\n',
      },
    );
    const plan = await s.run('plan', 'access', '--detailed-exitcode');
    expect(plan.code).toBe(3);
    expect(plan.stderr).toContain('Administrator');
    s.emu.resetCounters();
    expect((await s.run('apply', 'access', '--yes')).code).toBe(3);
    expect(writeRequests(s.emu)).toEqual([]);
    expect(s.roles('maria')).toEqual({ Administrator: ALL_OPEN });
  });

  it('the API user holding an owned role is not changed; declared with less, the plan is refused', async () => {
    const files = {
      'groups.yaml': LIGHTING,
      'users.yaml': 'version: 1\nusers:\n  tomas:\n    roles:\n      Administrator: all-open\n',
    };
    const seed = seedWith([
      { username: 'ana', roles: { User: 'all-open', Lead: ['secret'] } },
      { username: 'bo', roles: { User: 'all-open', Lead: ['secret'] } },
      { username: 'tomas' },
    ]);
    const s = await scenario(seed, files);
    const { changes } = await planned(s);
    expect(changes).toEqual([
      { user: 'tomas', role: 'Administrator', action: 'assign', reason: 'desired' },
    ]);
    await applyAndSettle(s);
    expect(s.roles('svc-access')).toEqual({ Administrator: ALL_OPEN });

    s.write(
      'users.yaml',
      'version: 1\nusers:\n  tomas:\n    roles:\n      Administrator: all-open\n  svc-access:\n    roles:\n      Administrator: [nebula]\n',
    );
    const refused = await s.run('plan', 'access', '--detailed-exitcode');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('acting API user');
  });
});
