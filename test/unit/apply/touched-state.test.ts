import { describe, expect, it } from 'vitest';
import { findStaleness, readTouchedState } from '../../../src/apply/index.js';
import { touchedTarget } from '../../../src/apply/touched-state.js';
import type { CurrentState } from '../../../src/current/index.js';
import { planChanges } from '../../../src/plan/index.js';
import { desiredState, serverState, type ServerSpec } from '../plan/builders.js';
import { applyOperations } from '../plan/simulator.js';
import { memorySource } from '../current/state-rows.js';

/**
 * What apply reads again after planning (touched-state.ts): the users the plan changes,
 * the API user and the protected roles' holders; and the stale check on that read.
 */
const SERVER: ServerSpec = {
  users: [
    { username: 'ana', roles: { User: ['alpha'] } },
    { username: 'bo', roles: { Reviewer: 'all-open', Lead: ['secret'] } },
    { username: 'cy', roles: { User: 'all-open' } }, // managed, not changed by the plan
    { username: 'dee', roles: { Administrator: 'all-open' } }, // not managed, protected holder
    ...Array.from({ length: 300 }, (_, i) => ({
      username: `artist${String(i).padStart(3, '0')}`,
      roles: { User: ['beta'] },
    })),
  ],
};

function planned(server: ServerSpec = SERVER) {
  const current = byId(serverState(server));
  const { plan } = planChanges({
    desired: desiredState({
      settings: { protected: [{ role: 'Administrator', minHolders: 2 }] },
      users: {
        ana: { User: 'all-open' },
        bo: { Lead: ['secret', 'beta'] },
        cy: { User: 'all-open' },
      },
    }),
    current,
    apiUser: 'svc',
    now: new Date(),
  });
  return { plan, current };
}

/** Every table in id order, as a read gives it. */
function byId(state: CurrentState): CurrentState {
  const order = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const list of [state.users, state.projects, state.roles, state.assignments]) {
    list.sort(order);
  }
  return state;
}

function edited(state: CurrentState, edit: (s: CurrentState) => void): CurrentState {
  const copy = structuredClone(state);
  edit(copy);
  return byId(copy);
}

const assignmentOf = (s: CurrentState, id: string) => s.assignments.find((a) => a.id === id)!;

describe('touchedTarget', () => {
  it('names the users with changes, the API user and the protected holders, and the protected roles', () => {
    const { plan, current } = planned();
    expect(plan.changes.map((c) => c.user)).toEqual(['ana', 'bo', 'bo']);
    const target = touchedTarget(plan, current);
    expect([...target.userIds].sort()).toEqual(['u-ana', 'u-bo', 'u-dee', 'u-svc']);
    expect(target.holdersOf).toEqual(['r-Administrator']);
  });
});

describe('readTouchedState', () => {
  it('re-reads only the touched users after the call, and the result is the state after it', async () => {
    const { plan, current } = planned();
    const after = byId(applyOperations(current, plan.operations));
    const source = memorySource(() => after);
    expect(await readTouchedState(source, plan, current)).toEqual(after);
    expect(source.rows['User']).toBe(4);
    // ana's User, bo's Lead (Reviewer removed), dee's and svc's Administrator, and these two
    // again from the query finding the holders of the protected role.
    expect(source.rows['UserSecurityRole']).toBe(6);
    expect(source.expressions.some((e) => /from User order by/.test(e))).toBe(false);
  });

  it('keeps the users it does not read as they were when planning', async () => {
    const { plan, current } = planned();
    const now = edited(current, (s) => {
      assignmentOf(s, 'a-cy-User').allOpen = false;
    });
    const read = await readTouchedState(
      memorySource(() => now),
      plan,
      current,
    );
    expect(assignmentOf(read, 'a-cy-User').allOpen).toBe(true);
  });

  it('reads everything when an id cannot be written into a query, and keeps the same users', async () => {
    const server: ServerSpec = {
      users: [...SERVER.users!, { username: 'jo smith', roles: { User: ['alpha'] } }],
    };
    const current = byId(serverState(server));
    const { plan } = planChanges({
      desired: desiredState({ users: { 'jo smith': { User: 'all-open' } } }),
      current,
      apiUser: 'svc',
      now: new Date(),
    });
    const after = byId(applyOperations(current, plan.operations));
    const source = memorySource(() => after);
    expect(await readTouchedState(source, plan, current)).toEqual(after);
    expect(source.rows['User']).toBe(after.users.length);
  });
});

describe('findStaleness on a re-read of the touched users (since the plan)', () => {
  const { plan, current } = planned();
  /** The re-check after a confirmation: the touched users read from `now`. */
  const check = async (now: CurrentState) =>
    findStaleness(
      plan,
      await readTouchedState(
        memorySource(() => now),
        plan,
        current,
      ),
      current,
    );

  it('is empty when nothing the plan touches changed, even if another managed user did', async () => {
    expect(await check(current)).toEqual([]);
    const cyMoved = edited(current, (s) => {
      assignmentOf(s, 'a-cy-User').projectIds = ['p-alpha'];
    });
    expect(await check(cyMoved)).toEqual([]);
    // The whole-state check (apply --plan) still sees it.
    expect(findStaleness(plan, cyMoved)).not.toEqual([]);
  });

  it('names a protected holder the plan does not manage, gone or new', async () => {
    const lost = edited(current, (s) => {
      s.assignments = s.assignments.filter((a) => a.id !== 'a-dee-Administrator');
    });
    expect(findStaleness(plan, lost)).toEqual([]); // dee is not managed: not in the digest
    expect(await check(lost)).toEqual([
      'user "dee" changed since the plan (a holder of a protected role)',
    ]);
    const gained = edited(current, (s) => {
      s.assignments.push({
        id: 'a-artist007-Administrator',
        userId: 'u-artist007',
        roleId: 'r-Administrator',
        allOpen: false,
        projectIds: ['p-secret'],
      });
    });
    expect(await check(gained)).toEqual([
      'user "artist007" changed since the plan (a holder of a protected role)',
    ]);
  });

  it('names the API user, and a changed user whose other roles moved', async () => {
    const api = edited(current, (s) => {
      assignmentOf(s, 'a-svc-Administrator').allOpen = false;
    });
    expect(await check(api)).toEqual(['user "svc" changed since the plan (the acting API user)']);
    const other = edited(current, (s) => {
      s.assignments.push({ ...assignmentOf(s, 'a-ana-User'), id: 'a-ana-Lead', roleId: 'r-Lead' });
    });
    expect(await check(other)).toEqual([
      'user "ana" changed since the plan (a user the plan changes)',
    ]);
  });

  it('says a planned pair moved, or the roles and projects changed, as the whole check does', async () => {
    const moved = edited(current, (s) => {
      assignmentOf(s, 'a-ana-User').projectIds = ['p-beta'];
    });
    expect(await check(moved)).toEqual(['ana / User: planned from alpha, now beta']);
    const renamed = edited(current, (s) => {
      s.projects.find((p) => p.name === 'beta')!.name = 'beta2';
    });
    expect(await check(renamed)).toEqual([
      'the roles, projects or other role assignments of the managed users changed (the state digest differs)',
    ]);
  });
});
