import { describe, expect, it } from 'vitest';
import {
  fetchCurrentState,
  fetchTargetedState,
  mergeTargetedState,
  restrictState,
  type CurrentState,
} from '../../../src/current/index.js';
import { IDS_PER_QUERY } from '../../../src/current/fetch-targeted-state.js';
import { UnsafeQueryValueError } from '../../../src/session/index.js';
import { serverState, type ServerSpec } from '../plan/builders.js';
import { memorySource } from './state-rows.js';

/** A studio of `n` artists (User on a project or all open), two admins and a service account. */
function studio(n: number): CurrentState {
  const users = Array.from({ length: n }, (_, i): NonNullable<ServerSpec['users']>[number] => ({
    username: `artist${String(i).padStart(4, '0')}`,
    active: i % 7 !== 3,
    roles:
      i % 3 === 0
        ? { User: 'all-open', Reviewer: ['alpha', 'secret'] }
        : { User: [i % 2 === 0 ? 'beta' : 'show_a'] },
  }));
  return sorted(
    serverState({
      users: [
        { username: 'ana', roles: { Administrator: 'all-open' } },
        { username: 'bo', roles: { Administrator: ['secret'], User: 'all-open' } },
        { username: 'render', type: 'service', roles: { User: ['alpha'] } },
        ...users,
      ],
    }),
  );
}

/** Every table in id order, as a read gives it. */
function sorted(state: CurrentState): CurrentState {
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    ...state,
    users: state.users.sort(byId),
    projects: state.projects.sort(byId),
    roles: state.roles.sort(byId),
    assignments: state.assignments.sort(byId),
  };
}

const ids = (state: CurrentState, names: string[]) =>
  state.users.filter((u) => names.includes(u.username)).map((u) => u.id);

describe('fetchTargetedState', () => {
  it('reads what restrictState keeps of the whole state: the users named and the holders found', async () => {
    const state = studio(40);
    const source = memorySource(() => state);
    const target = {
      userIds: [...ids(state, ['artist0003', 'artist0004', 'render']), 'u-gone'],
      holdersOf: ['r-Administrator'],
    };
    const read = await fetchTargetedState(source, target);
    expect(read).toEqual(restrictState(state, target));
    // svc (the builder's API user) holds Administrator too.
    expect(read.users.map((u) => u.username)).toEqual([
      'ana',
      'artist0003',
      'artist0004',
      'bo',
      'render',
      'svc',
    ]);
    expect(read.users.find((u) => u.username === 'render')?.type).toBe('service');
    expect(read.userIds).toContain('u-gone'); // asked for, not found: gone
    expect(read.assignments.length).toBe(8);
  });

  it('reads rows in proportion to the users read, never a whole user table, ids ≤ IDS_PER_QUERY per query', async () => {
    const state = studio(1_000);
    const source = memorySource(() => state);
    const names = Array.from({ length: 450 }, (_, i) => `artist${String(i * 2).padStart(4, '0')}`);
    await fetchTargetedState(source, { userIds: ids(state, names), holdersOf: [] });
    expect(source.rows['User']).toBe(450);
    expect(source.rows['UserSecurityRole']).toBe(600); // 150 of them hold two roles
    const userQueries = source.expressions.filter((e) => /from User(SecurityRole\w*)? /.test(e));
    // 3 chunks of at most 200 ids, 2 tables (the grants come nested in their roles).
    expect(userQueries.length).toBe(6);
    for (const expression of userQueries) {
      expect(expression).toContain(' in (');
      expect(expression.match(/"/g)!.length / 2).toBeLessThanOrEqual(IDS_PER_QUERY);
    }
    const whole = memorySource(() => state);
    await fetchCurrentState(whole);
    expect(whole.rows['User']).toBe(1_004);
  });

  it('finds a user who became a holder after the target was made', async () => {
    const before = studio(10);
    const now = sorted(
      serverState({
        users: [
          { username: 'ana', roles: { Administrator: 'all-open' } },
          { username: 'bo', roles: { User: 'all-open' } },
          { username: 'cy', roles: { Administrator: ['alpha'] } },
        ],
      }),
    );
    const target = { userIds: ids(before, ['ana', 'bo']), holdersOf: ['r-Administrator'] };
    const read = await fetchTargetedState(
      memorySource(() => now),
      target,
    );
    expect(read.users.map((u) => u.username)).toEqual(['ana', 'bo', 'cy', 'svc']);
    expect(read).toEqual(restrictState(now, target));
  });

  it('refuses an id that cannot be written into a query, before any request', async () => {
    const source = memorySource(() => studio(3));
    const read = fetchTargetedState(source, { userIds: ['u-ana', 'bad"id'], holdersOf: [] });
    await expect(read).rejects.toBeInstanceOf(UnsafeQueryValueError);
    expect(source.expressions.filter((e) => e.includes(' in ('))).toEqual([]);
  });
});

describe('mergeTargetedState', () => {
  it('takes the read users, roles and projects from the read and everyone else from the base', () => {
    const before = studio(6);
    const now = structuredClone(before);
    // Read: artist0001 gains a grant, bo is deleted. Not read: artist0002 loses everything.
    now.assignments.find((a) => a.userId === 'u-artist0001')!.projectIds.push('p-alpha');
    now.users = now.users.filter((u) => u.username !== 'bo');
    now.assignments = now.assignments.filter(
      (a) => a.userId !== 'u-bo' && a.userId !== 'u-artist0002',
    );
    now.projects[0]!.name = 'alpha-renamed';
    const target = { userIds: ids(before, ['artist0001', 'bo']), holdersOf: [] };
    const merged = mergeTargetedState(before, restrictState(now, target));
    expect(merged.projects[0]!.name).toBe('alpha-renamed');
    expect(merged.users.map((u) => u.username)).not.toContain('bo');
    const of = (s: CurrentState, id: string) => s.assignments.filter((a) => a.userId === id);
    expect(of(merged, 'u-artist0001')).toEqual(of(now, 'u-artist0001'));
    expect(of(merged, 'u-artist0002')).toEqual(of(before, 'u-artist0002'));
    expect(of(merged, 'u-bo')).toEqual([]);
    // Sorted by id, as a whole read is.
    expect(merged.assignments.map((a) => a.id)).toEqual(merged.assignments.map((a) => a.id).sort());
    // Everything read: the merge is the state read.
    const all = { userIds: before.users.map((u) => u.id), holdersOf: [] };
    expect(mergeTargetedState(before, restrictState(now, all))).toEqual(now);
  });
});
