import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { CurrentState } from '../../../src/current/index.js';
import { canonicalState, computeStateDigest } from '../../../src/plan/index.js';
import { sampleState } from '../current/fixtures.js';

const managed = new Set(['ana', 'bo', 'nobody']);

function reversed(state: CurrentState): CurrentState {
  return {
    ...state,
    roles: [...state.roles].reverse(),
    projects: [...state.projects].reverse(),
    users: [...state.users].reverse(),
    assignments: [...state.assignments]
      .reverse()
      .map((a) => ({ ...a, projectIds: [...a.projectIds].reverse() })),
  };
}

describe('computeStateDigest', () => {
  const base = computeStateDigest(sampleState(), managed);

  it('is a sha256 and stable under row order', () => {
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(computeStateDigest(reversed(sampleState()), managed)).toBe(base);
    expect(computeStateDigest(sampleState(), new Set([...managed].reverse()))).toBe(base);
  });

  it('ignores what a plan does not depend on', () => {
    const s = sampleState();
    s.server = 'http://elsewhere';
    s.projects[0]!.fullName = 'Renamed';
    s.projects[0]!.status = 'hidden';
    s.assignments[0]!.allOpen = false; // admin is not managed
    s.users[0]!.isActive = false;
    s.groups = [{ id: 'g', name: 'G', parentId: null, memberUserIds: ['u-ana'] }];
    expect(computeStateDigest(s, managed)).toBe(base);
  });

  const changes: [string, (s: CurrentState) => void][] = [
    ['a role renamed', (s) => (s.roles[0]!.name = 'Admin')],
    ['a role type changed', (s) => (s.roles[1]!.type = 'ASSIGNED')],
    ['a role added', (s) => s.roles.push({ id: 'r-new', name: 'New', type: 'PROJECT' })],
    ['a role id changed', (s) => (s.roles[1]!.id = 'r-user2')],
    ['a project renamed', (s) => (s.projects[1]!.name = 'gamma')],
    ['a project made private', (s) => (s.projects[0]!.isPrivate = true)],
    [
      'a project added',
      (s) =>
        s.projects.push({
          id: 'p-new',
          name: 'new',
          fullName: '',
          isPrivate: false,
          status: 'active',
        }),
    ],
    ['a project removed', (s) => s.projects.pop()],
    ['a managed user deactivated', (s) => (s.users[1]!.isActive = false)],
    [
      'a managed user recreated with a new id',
      (s) => {
        s.users[1]!.id = 'u-ana2';
        s.assignments.filter((a) => a.userId === 'u-ana').forEach((a) => (a.userId = 'u-ana2'));
      },
    ],
    [
      'a managed username appearing',
      (s) => s.users.push({ id: 'u-nobody', username: 'nobody', isActive: true }),
    ],
    ['a managed user removed', (s) => s.users.splice(2, 1)],
    ['all-open switched', (s) => (s.assignments[3]!.allOpen = false)],
    ['a project granted', (s) => s.assignments[2]!.projectIds.push('p-beta')],
    ['a project revoked', (s) => s.assignments[1]!.projectIds.pop()],
    ['a role removed from a managed user', (s) => s.assignments.splice(2, 1)],
    [
      'a role added to a managed user',
      (s) =>
        s.assignments.push({
          id: 'a9',
          userId: 'u-bo',
          roleId: 'r-admin',
          allOpen: false,
          projectIds: [],
        }),
    ],
    ['a role swapped', (s) => (s.assignments[2]!.roleId = 'r-other')],
  ];

  it.each(changes)('changes when %s', (_name, change) => {
    const s = sampleState();
    change(s);
    expect(computeStateDigest(s, managed)).not.toBe(base);
  });

  it('gives every change a distinct digest', () => {
    const digests = changes.map(([, change]) => {
      const s = sampleState();
      change(s);
      return computeStateDigest(s, managed);
    });
    expect(new Set([base, ...digests]).size).toBe(changes.length + 1);
  });
});

/** 5,000 users (more than one hashed chunk), duplicate and unsorted project ids, quotes. */
function largeState(): { state: CurrentState; managed: Set<string> } {
  const users: CurrentState['users'] = [];
  const assignments: CurrentState['assignments'] = [];
  for (let i = 0; i < 5000; i++) {
    users.push({
      id: `u-${i}`,
      username: `user-${String(i).padStart(5, '0')}`,
      isActive: i % 7 !== 0,
    });
    assignments.push({
      id: `a-${i}`,
      userId: `u-${4999 - i}`,
      roleId: i % 2 ? 'r-user' : 'r-admin',
      allOpen: i % 3 === 0,
      projectIds: i % 5 ? ['p-beta', 'p-alpha', 'p-beta'] : ['p-alpha', 'p-secret'],
    });
  }
  const state: CurrentState = {
    server: 'x',
    roles: [
      { id: 'r-user', name: 'User', type: 'PROJECT' },
      { id: 'r-admin', name: 'Admin "a"', type: 'PROJECT' },
    ],
    projects: [
      { id: 'p-beta', name: 'beta', fullName: '', isPrivate: false, status: '' },
      { id: 'p-alpha', name: 'älpha', fullName: '', isPrivate: true, status: '' },
    ],
    users,
    assignments,
  };
  const managed = new Set(users.filter((_, i) => i % 4 !== 1).map((u) => u.username));
  return { state, managed };
}

describe('computeStateDigest, hashed user by user', () => {
  it('is the sha256 of the JSON text of the canonical state', () => {
    const { state, managed } = largeState();
    const json = JSON.stringify(canonicalState(state, managed));
    const expected = `sha256:${createHash('sha256').update(json).digest('hex')}`;
    expect(computeStateDigest(state, managed)).toBe(expected);
  });

  it('keeps the value of the digest saved plans hold (pinned before hashing user by user)', () => {
    const { state, managed } = largeState();
    expect(computeStateDigest(state, managed)).toBe(
      'sha256:14b6c3d62f93b071d7aa3538f9750a734bec2ba3346132b51391df977d1b64a2',
    );
  });
});
