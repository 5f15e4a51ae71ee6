import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorSnapshot } from '../../src/emulator/index.js';
import { desiredFrom, planAgainst, planAndApply } from './converge-property.js';
import {
  API_USER,
  desiredArbitrary,
  expectedRoles,
  managedUsers,
  ownedRoles,
  seedOf,
  studioArbitrary,
  type DesiredFile,
  type Studio,
} from './studio-arbitraries.js';

/**
 * Issue 11, part 3: for random small studios and random desired files, plan → apply (one
 * call to the strict emulator) → plan is empty; every managed user ends with exactly the
 * desired roles and scopes (an independent oracle); under `manage: owned` the others lose
 * exactly the owned roles; nothing outside the scope changes.
 */
const RUNS = 200;
const SEED = 20261122;

const emulators: Emulator[] = [];
beforeAll(() => undefined);
afterAll(async () => {
  await Promise.all(emulators.splice(0).map((emu) => emu.stop()));
});

function rolesOf(snapshot: EmulatorSnapshot, username: string) {
  return snapshot.users.find((u) => u.username === username)?.roles;
}

type Roles = Record<string, { all_open: boolean; projects: string[] }>;

/**
 * Under all-open, an explicit grant of an open project adds no access: the planner keeps
 * such grants that were already held (never adds them; a role swap carries them over).
 * Returns the roles without them, and whether the user held each of them before.
 */
function keptOpenGrants(studio: Studio, roles: Roles, before: Roles) {
  const open = new Set(studio.projects.filter((p) => !p.is_private).map((p) => p.name));
  // A role swap (update_user_security_role) carries the removed role's grants over.
  const heldBefore = new Set(Object.values(before).flatMap((scope) => scope.projects));
  let extraWereHeld = true;
  const stripped: Roles = {};
  for (const [role, scope] of Object.entries(roles)) {
    const extra = scope.all_open ? scope.projects.filter((p) => open.has(p)) : [];
    for (const p of extra) if (!heldBefore.has(p)) extraWereHeld = false;
    stripped[role] = { ...scope, projects: scope.projects.filter((p) => !extra.includes(p)) };
  }
  return { roles: stripped, extraWereHeld };
}

async function checkConvergence(studio: Studio, desiredFile: DesiredFile): Promise<void> {
  const emu = await startEmulator({ seed: seedOf(studio) });
  try {
    const before = emu.snapshot();
    const desired = desiredFrom(desiredFile);
    await planAndApply(emu, desired);
    const again = await planAgainst(emu, desired);
    expect(again.plan.operations).toEqual([]);
    expect(again.plan.changes).toEqual([]);

    const after = emu.snapshot();
    const managed = managedUsers(studio, desiredFile);
    for (const user of studio.users) {
      const roles = rolesOf(after, user.username);
      if (managed.has(user.username)) {
        const held = rolesOf(before, user.username) ?? {};
        const kept = keptOpenGrants(studio, roles ?? {}, held);
        expect(kept.roles, user.username).toEqual(
          expectedRoles(studio, desiredFile, user.username),
        );
        expect(kept.extraWereHeld, user.username).toBe(true);
      } else if (desiredFile.manage === 'owned') {
        // Not declared: loses the roles the file owns, keeps the others untouched.
        const owned = ownedRoles(desiredFile);
        const held = Object.entries(rolesOf(before, user.username) ?? {});
        expect(roles, user.username).toEqual(
          Object.fromEntries(held.filter(([role]) => !owned.has(role))),
        );
      } else {
        expect(roles, user.username).toEqual(rolesOf(before, user.username));
      }
    }
    expect(rolesOf(after, API_USER)).toEqual(rolesOf(before, API_USER));
    expect(after.projects).toEqual(before.projects);
    expect(after.security_roles).toEqual(before.security_roles);
    expect(after.groups).toEqual(before.groups);
  } finally {
    await emu.stop();
  }
}

describe('plan → apply → plan converges on random studios', () => {
  it(`holds for ${RUNS} random studios and desired files`, async () => {
    await fc.assert(
      fc.asyncProperty(
        studioArbitrary().chain((studio) =>
          fc.tuple(fc.constant(studio), desiredArbitrary(studio)),
        ),
        ([studio, desired]) => checkConvergence(studio, desired),
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('also converges from a state that already matches (nothing is sent)', async () => {
    await fc.assert(
      fc.asyncProperty(
        studioArbitrary().chain((studio) =>
          fc.tuple(fc.constant(studio), desiredArbitrary(studio)),
        ),
        async ([studio, desiredFile]) => {
          const emu = await startEmulator({ seed: seedOf(studio) });
          try {
            const desired = desiredFrom(desiredFile);
            await planAndApply(emu, desired);
            const converged = emu.snapshot();
            const second = await planAndApply(emu, desired);
            expect(second.plan.operations).toEqual([]);
            expect(emu.snapshot()).toEqual(converged);
          } finally {
            await emu.stop();
          }
        },
      ),
      { numRuns: 50, seed: SEED + 1 },
    );
  });
});
