import { describe, expect, it } from 'vitest';
import { isIgnoredUser, selectManagedUsers, type ManagedRule } from '../../../src/plan/index.js';
import { serverState } from './builders.js';

const server = serverState({
  users: [
    { username: 'ana' },
    { username: 'bo', roles: { Lead: ['alpha'] } },
    { username: 'cy', roles: { Reviewer: 'all-open' } },
    { username: 'zoe', active: false, roles: { Lead: ['beta'] } },
    { username: 'svc-ci', roles: { Lead: ['alpha'] } },
    { username: 'render', type: 'service', roles: { Lead: ['alpha'] } },
    { username: 'api', roles: { Lead: 'all-open' } },
  ],
});

const rule = (over: Partial<ManagedRule>): ManagedRule => ({
  manage: 'declared',
  ignoreUsers: [],
  inactiveUsers: 'remove',
  ownedRoles: new Set(['Lead']),
  apiUser: 'api',
  ...over,
});

describe('selectManagedUsers', () => {
  it.each([
    ['declared', [], 'remove', ['ana', 'zoe', 'ghost'], ['ana', 'zoe']],
    ['declared', [], 'keep', ['ana', 'zoe'], ['ana']],
    ['declared', ['svc*'], 'remove', ['ana', 'svc-ci'], ['ana']],
    // owned: the declared users and every holder of an owned role (Lead), but the API user,
    // the service account, ignored users, and with keep, inactive users
    ['owned', ['svc*'], 'remove', ['ana'], ['ana', 'bo', 'zoe']],
    ['owned', [], 'keep', ['ana'], ['ana', 'bo', 'svc-ci']],
    ['owned', [], 'remove', ['api', 'render'], ['api', 'bo', 'render', 'svc-ci', 'zoe']],
    // all: every active user, and with remove every inactive holder of a role
    ['all', ['svc*'], 'remove', ['ana'], ['ana', 'bo', 'cy', 'zoe']],
    ['all', [], 'keep', ['zoe'], ['ana', 'bo', 'cy', 'svc', 'svc-ci']],
    ['all', ['svc', 'svc-*'], 'keep', [], ['ana', 'bo', 'cy']],
  ] as const)(
    'manage: %s, ignore %j, inactive %s, declared %j → %j',
    (manage, ignore, inactive, declared, expected) => {
      const given = rule({ manage, ignoreUsers: ignore, inactiveUsers: inactive });
      expect(selectManagedUsers(given, declared, server)).toEqual(expected);
    },
  );

  it('matches ignore_users as globs', () => {
    expect(isIgnoredUser('svc-access', ['svc-*'])).toBe(true);
    expect(isIgnoredUser('svcaccess', ['svc-*'])).toBe(false);
    expect(isIgnoredUser('root', ['root', 'admin'])).toBe(true);
    expect(isIgnoredUser('root', [])).toBe(false);
  });
});
