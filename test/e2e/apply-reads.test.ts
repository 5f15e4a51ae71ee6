import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { startEmulator, type Emulator, type EmulatorSeed } from '../../src/emulator/index.js';
import { idOf, KEY, runIn, studioEnv, WRITE_ACTIONS } from '../reliability/helpers.js';

/**
 * Issue 25: what `apply` reads once it has planned is bounded by the users the plan
 * touches (its changes, the API user, the protected roles' holders), not by the studio.
 * A studio of 2,000 artists, three of them changed; the reads after planning are run
 * again in-process to count the rows they answered with.
 */
const ARTISTS = 2_000;
const PROJECTS = Array.from({ length: 20 }, (_, i) => `show${String(i).padStart(2, '0')}`);
const artist = (i: number) => `artist${String(i).padStart(4, '0')}`;
const scopeOf = (i: number) => (i % 5 === 0 ? 'all-open' : [PROJECTS[i % PROJECTS.length]!]);
/** The changes the config asks for: an assign, a modify and a remove. */
const CHANGED: Record<string, Record<string, unknown>> = {
  [artist(1)]: { User: scopeOf(1), Lead: [PROJECTS[3]] },
  [artist(2)]: { User: 'all-open' },
  [artist(3)]: {},
};

function seed(): EmulatorSeed {
  return {
    security_roles: ['Administrator', 'User', 'Lead'].map((name) => ({ name, type: 'PROJECT' })),
    projects: PROJECTS.map((name) => ({ name, full_name: name, is_private: false })),
    users: [
      { username: 'svc-access', api_key: KEY, roles: { Administrator: 'all-open' } },
      { username: 'maria', roles: { Administrator: 'all-open' } },
      { username: 'tomas', roles: { Administrator: 'all-open' } },
      ...Array.from({ length: ARTISTS }, (_, i) => ({
        username: artist(i),
        roles: { User: scopeOf(i) },
      })),
    ],
  };
}

/** The config: every artist declared as seeded except the three changes. */
function accessFiles(dir: string): void {
  mkdirSync(join(dir, 'access'));
  const lines = [
    'version: 1',
    'settings:',
    "  ignore_users: ['svc-*']",
    '  protected:',
    '    - { role: Administrator, min_holders: 2 }',
    'users:',
    '  maria: { roles: { Administrator: all-open } }',
    '  tomas: { roles: { Administrator: all-open } }',
  ];
  for (let i = 0; i < ARTISTS; i++) {
    const roles = CHANGED[artist(i)] ?? { User: scopeOf(i) };
    lines.push(`  ${artist(i)}: { roles: ${JSON.stringify(roles)} }`);
  }
  writeFileSync(join(dir, 'access/users.yaml'), `${lines.join('\n')}\n`);
}

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emu) => emu.stop()));
});

async function studio() {
  const emu = await startEmulator({ seed: seed() });
  started.push(emu);
  const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-apply-reads-'));
  accessFiles(dir);
  const run = (argv: string[], io: Partial<CliIo> = {}) => runIn(dir, argv, studioEnv(emu), io);
  return { emu, dir, run };
}

type Op = { action: string; expression?: string };
const isWrite = (ops: Op[]) => ops.some((op) => WRITE_ACTIONS.includes(op.action));

/**
 * The rows each query of `requests` answers with now, per table, nested grants included (run
 * again in-process).
 */
async function rowsRead(emu: Emulator, requests: Op[][]): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const { expression } of requests.flat()) {
    if (expression === undefined) continue;
    const table = /from (\w+)/.exec(expression)![1]!;
    const [answer] = (await emu.call([{ action: 'query', expression }])) as {
      data: { user_security_role_projects?: unknown[] }[];
    }[];
    rows[table] = (rows[table] ?? 0) + answer!.data.length;
    // The project grants come nested in their UserSecurityRole rows.
    for (const row of answer!.data) {
      const grants = row.user_security_role_projects?.length ?? 0;
      rows['UserSecurityRoleProject'] = (rows['UserSecurityRoleProject'] ?? 0) + grants;
    }
  }
  return rows;
}

/** The requests before and after the (one) write request. */
function aroundWrite(emu: Emulator): { before: Op[][]; after: Op[][] } {
  const requests = emu.requests() as Op[][];
  const at = requests.findIndex(isWrite);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(requests.filter(isWrite)).toHaveLength(1);
  return { before: requests.slice(0, at), after: requests.slice(at + 1) };
}

/** At most the touched users: 3 changed, the API user, 2 other Administrators. */
const TOUCHED = 6;

function expectBounded(rows: Record<string, number>): void {
  expect(rows['User'] ?? 0).toBeLessThanOrEqual(TOUCHED);
  // Each touched user holds 1 or 2 roles; the holders' query reads their Administrator again.
  expect(rows['UserSecurityRole'] ?? 0).toBeLessThanOrEqual(2 * TOUCHED + 3);
  expect(rows['UserSecurityRoleProject'] ?? 0).toBeLessThanOrEqual(2 * TOUCHED);
}

describe('apply reads the touched users after planning, not the studio', () => {
  it('apply --yes: the verification reads O(touched users) rows', async () => {
    const s = await studio();
    const applied = await s.run(['apply', 'access', '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Plan: 1 to assign, 1 to modify, 1 to remove.');
    expect(applied.stderr).toMatch(/Applied 3 changes \(\d+ operations\) and verified them/);
    const { before, after } = aroundWrite(s.emu);
    // Planning read the whole studio...
    expect((await rowsRead(s.emu, before))['User']).toBe(ARTISTS + 3);
    // ...the verification only the touched users, a few requests.
    expectBounded(await rowsRead(s.emu, after));
    expect(after.length).toBeLessThanOrEqual(10);
    expect((await s.run(['plan', 'access', '--detailed-exitcode'])).code).toBe(0);
  });

  it('apply --plan FILE: the re-plan reads the studio once, the verification the touched users', async () => {
    const s = await studio();
    expect((await s.run(['plan', 'access', '--out', 'plan.json'])).code).toBe(0);
    s.emu.resetCounters();
    const applied = await s.run(['apply', '--plan', 'plan.json', '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    const { before, after } = aroundWrite(s.emu);
    expect((await rowsRead(s.emu, before))['User']).toBe(ARTISTS + 3);
    expectBounded(await rowsRead(s.emu, after));
  });

  it('a confirmation on a terminal: the re-check and the verification read the touched users', async () => {
    const s = await studio();
    const applied = await s.run(['apply', 'access'], {
      stdinIsTTY: true,
      confirm: () => {
        s.emu.resetCounters();
        return Promise.resolve(true);
      },
    });
    expect(applied.code, applied.stderr).toBe(0);
    const { before, after } = aroundWrite(s.emu);
    expectBounded(await rowsRead(s.emu, before));
    expectBounded(await rowsRead(s.emu, after));
  });
});

const DIGEST = 'the state digest differs';

describe('what the stale checks still see', () => {
  it.each([
    ['a touched user', 'artist0002 / User: planned from show02, now not held'],
    ['a protected holder', DIGEST],
    ['a managed user the plan does not change', DIGEST],
  ] as const)(
    'apply --plan: %s changed since the plan: exit 4, nothing sent',
    async (what, said) => {
      const s = await studio();
      expect((await s.run(['plan', 'access', '--out', 'plan.json'])).code).toBe(0);
      await CHANGES[what](s.emu);
      s.emu.resetCounters();
      const stale = await s.run(['apply', '--plan', 'plan.json', '--yes']);
      expect(stale.code, stale.stderr).toBe(4);
      expect(stale.stderr).toContain(said);
      expect((s.emu.requests() as Op[][]).filter(isWrite)).toEqual([]);
    },
  );

  const TOUCHED_LINE = 'artist0002 / User: planned from show02, now not held';
  const HOLDER_LINE = 'user "tomas" changed since the plan (a holder of a protected role)';
  it.each([
    ['a touched user', 'apply', TOUCHED_LINE],
    ['a protected holder', 'apply', HOLDER_LINE],
    ['a protected holder', 'apply --plan', HOLDER_LINE],
  ] as const)(
    'a confirmation: %s changed meanwhile (%s): exit 4, nothing sent',
    async (what, how, said) => {
      const s = await studio();
      if (how === 'apply --plan') {
        expect((await s.run(['plan', 'access', '--out', 'plan.json'])).code).toBe(0);
      }
      const argv = how === 'apply' ? ['apply', 'access'] : ['apply', '--plan', 'plan.json'];
      const stale = await s.run(argv, {
        stdinIsTTY: true,
        confirm: async () => {
          await CHANGES[what](s.emu);
          s.emu.resetCounters();
          return true;
        },
      });
      expect(stale.code, stale.stderr).toBe(4);
      expect(stale.stderr).toContain(
        'The plan is stale: the server changed while you were confirming.',
      );
      expect(stale.stderr).toContain(said);
      expect((s.emu.requests() as Op[][]).filter(isWrite)).toEqual([]);
    },
  );

  it('a confirmation: a managed user the plan does not change changed meanwhile: applied, the next plan shows it', async () => {
    const s = await studio();
    const applied = await s.run(['apply', 'access'], {
      stdinIsTTY: true,
      confirm: async () => {
        await CHANGES['a managed user the plan does not change'](s.emu);
        return true;
      },
    });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toMatch(/Applied 3 changes \(\d+ operations\) and verified them/);
    const user = s.emu.snapshot().users.find((u) => u.username === artist(1500));
    expect(user?.roles['Lead']).toEqual({ all_open: false, projects: [PROJECTS[9]] });
    const next = await s.run(['plan', 'access', '--detailed-exitcode']);
    expect(next.code).toBe(2);
    expect(next.stdout).toContain('Plan: 0 to assign, 0 to modify, 1 to remove.');
    expect(next.stdout).toContain(artist(1500));
  });
});

/** Changes made out of band, through the emulator in-process. */
const CHANGES = {
  'a touched user': (emu: Emulator) => removeRole(emu, artist(2), 'User'),
  'a protected holder': (emu: Emulator) => removeRole(emu, 'tomas', 'Administrator'),
  'a managed user the plan does not change': async (emu: Emulator) => {
    const user_id = await idOf(emu, 'User', `username is "${artist(1500)}"`);
    const role_id = await idOf(emu, 'SecurityRole', 'name is "Lead"');
    const project_id = await idOf(emu, 'Project', `name is "${PROJECTS[9]}"`);
    await emu.call([
      { action: 'add_user_security_role', user_id, role_id },
      { action: 'grant_user_security_role_project', user_id, role_id, project_id },
    ]);
  },
};

async function removeRole(emu: Emulator, user: string, role: string): Promise<void> {
  const user_id = await idOf(emu, 'User', `username is "${user}"`);
  const role_id = await idOf(emu, 'SecurityRole', `name is "${role}"`);
  await emu.call([{ action: 'remove_user_security_role', user_id, role_id }]);
}

describe('apply --plan FILE reads the server while the file is read and checked', () => {
  it('a bad plan file is the only error shown, however bad the config is, and nothing is written', async () => {
    const s = await studio();
    writeFileSync(join(s.dir, 'plan.json'), '{"format_version": 1, "changes": [');
    writeFileSync(join(s.dir, 'access/extra.yaml'), 'users:\n  maria: { roles: { Nope: all } }\n');
    const bad = await s.run(['apply', '--plan', 'plan.json', '--yes']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('plan.json');
    expect(bad.stderr).not.toContain('extra.yaml'); // the config's errors are not shown
    expect(s.emu.requests().filter((ops) => isWrite(ops as Op[]))).toHaveLength(0);
  });
});
