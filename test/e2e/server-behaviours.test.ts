/**
 * The client is correct whichever way the server behaves where no public source says
 * (protocol notes 6.2): the core path, plan → apply → plan is empty, for every kind of
 * change, as a matrix over what `add_user_security_role` starts with and whether granting
 * all-open keeps a role's project grants; and once under a page cap with a rate limit.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startEmulator,
  type Emulator,
  type EmulatorOptions,
  type EmulatorSeed,
} from '../../src/emulator/index.js';
import { runIn, studioEnv, writeRequests } from '../reliability/helpers.js';

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emu) => emu.stop()));
});

const OPEN = ['alpha', 'beta', 'gamma'];

/** Every kind of change: each user's held roles, and below the roles the files give. */
const SEED: EmulatorSeed = {
  security_roles: ['Administrator', 'Supervisor', 'Lead', 'User'].map((name) => ({
    name,
    type: 'PROJECT',
  })),
  projects: [
    ...OPEN.map((name) => ({ name, is_private: false })),
    { name: 'secret', is_private: true },
  ],
  users: [
    { username: 'svc-access', api_key: 'local-demo-key', roles: { Administrator: 'all-open' } },
    { username: 'add-projects' },
    { username: 'add-all-open' },
    { username: 'add-all-open-private' },
    { username: 'remove', roles: { Lead: ['alpha', 'secret'] } },
    { username: 'projects', roles: { User: ['alpha', 'beta'] } },
    { username: 'turn-on-private', roles: { User: ['alpha', 'secret'] } },
    { username: 'turn-on-drop-private', roles: { User: ['secret'] } },
    { username: 'turn-off', roles: { User: 'all-open' } },
    { username: 'add-private', roles: { User: 'all-open' } },
    { username: 'swap', roles: { Lead: ['alpha'] } },
  ],
};

const USERS = `version: 1
users:
  add-projects: { roles: { User: [alpha, secret] } }
  add-all-open: { roles: { User: all-open } }
  add-all-open-private: { roles: { User: { all_open: true, projects: [secret] } } }
  projects: { roles: { User: [beta, gamma] } }
  turn-on-private: { roles: { User: { all_open: true, projects: [secret] } } }
  turn-on-drop-private: { roles: { User: all-open } }
  turn-off: { roles: { User: [alpha, beta] } }
  add-private: { roles: { User: { all_open: true, projects: [secret] } } }
  swap: { roles: { Supervisor: [alpha] } }
  remove: { roles: {} }
`;

/** The projects each (user, role) reaches after the apply (all-open: the open ones). */
const EXPECTED: Record<string, Record<string, string[]>> = {
  'add-projects': { User: ['alpha', 'secret'] },
  'add-all-open': { User: OPEN },
  'add-all-open-private': { User: [...OPEN, 'secret'] },
  remove: {},
  projects: { User: ['beta', 'gamma'] },
  'turn-on-private': { User: [...OPEN, 'secret'] },
  'turn-on-drop-private': { User: OPEN },
  'turn-off': { User: ['alpha', 'beta'] },
  'add-private': { User: [...OPEN, 'secret'] },
  swap: { Supervisor: ['alpha'] },
};

async function studio(options: Partial<EmulatorOptions>) {
  const emu = await startEmulator({ seed: SEED, ...options });
  started.push(emu);
  const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-behaviours-'));
  mkdirSync(join(dir, 'access'));
  writeFileSync(join(dir, 'access/users.yaml'), USERS);
  const run = (...argv: string[]) => runIn(dir, argv, studioEnv(emu));
  return { emu, run };
}

/** What each user reaches, per role, as the emulator holds it. */
function reached(emu: Emulator): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const user of emu.snapshot().users) {
    if (EXPECTED[user.username] === undefined) continue;
    out[user.username] = Object.fromEntries(
      Object.entries(user.roles).map(([role, scope]) => [
        role,
        [...new Set([...(scope.all_open ? OPEN : []), ...scope.projects])].sort(),
      ]),
    );
  }
  return out;
}

async function converges(options: Partial<EmulatorOptions>): Promise<Emulator> {
  const { emu, run } = await studio(options);
  const first = await run('plan', 'access', '--detailed-exitcode');
  expect(first.code, first.stderr).toBe(2);
  const applied = await run('apply', 'access', '--yes');
  expect(applied.code, applied.stderr + applied.stdout).toBe(0);
  expect(applied.stderr).toMatch(/verified/);
  const again = await run('plan', 'access', '--detailed-exitcode');
  expect(again.code, again.stdout + again.stderr).toBe(0);
  expect(reached(emu)).toEqual(EXPECTED);
  return emu;
}

describe('plan → apply → plan converges whatever the server does where no source says', () => {
  for (const addRoleScope of ['none', 'all-open'] as const) {
    for (const grantAllOpenKeepsProjects of [true, false]) {
      it(`add-role-scope ${addRoleScope}, grant-all-open-keeps-projects ${grantAllOpenKeepsProjects}`, async () => {
        await converges({ addRoleScope, grantAllOpenKeepsProjects });
      });
    }
  }

  it('under a page cap of 100 rows and a rate limit of 20 requests a second', async () => {
    // Enough users that every table takes several pages of 100; Lead is a role the files
    // never mention, so these users are left alone.
    const extra = Array.from({ length: 260 }, (_, i) => ({
      username: `artist${String(i).padStart(3, '0')}`,
      roles: { Lead: ['beta'] },
    }));
    SEED.users!.push(...extra);
    try {
      const emu = await converges({ pageSizeLimit: 100, rateLimit: 20 });
      // The limit was met: requests were refused with 429, waited for and sent again.
      expect(emu.refusedCount(429)).toBeGreaterThan(0);
      expect(writeRequests(emu).length).toBeGreaterThanOrEqual(1);
      const artists = emu.snapshot().users.filter((u) => u.username.startsWith('artist'));
      expect(artists).toHaveLength(260);
      expect(artists.every((u) => u.roles['Lead']?.projects.join() === 'beta')).toBe(true);
    } finally {
      SEED.users!.splice(-extra.length);
    }
  });
});
