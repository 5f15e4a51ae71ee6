import { describe, expect, it } from 'vitest';
import { computeStateDigest, type CurrentState } from '../../../src/current/index.js';
import { sampleState } from './fixtures.js';

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
