import { describe, expect, it } from 'vitest';
import { isIgnoredUser, selectManagedUsers } from '../../../src/plan/index.js';
import { serverState } from './builders.js';

const server = serverState({
  users: [
    { username: 'ana' },
    { username: 'bo' },
    { username: 'zoe', active: false },
    { username: 'svc-ci' },
  ],
});

describe('selectManagedUsers', () => {
  it.each([
    ['declared', [], ['ana', 'zoe', 'ghost'], ['ana', 'zoe']],
    ['declared', ['svc*'], ['ana', 'svc-ci'], ['ana']],
    ['all', ['svc*'], ['ana'], ['ana', 'bo']],
    ['all', [], ['zoe'], ['ana', 'bo', 'svc', 'svc-ci', 'zoe']],
    ['all', ['svc', 'svc-*'], [], ['ana', 'bo']],
  ] as const)('manage: %s, ignore %j, declared %j → %j', (manage, ignore, declared, expected) => {
    expect(selectManagedUsers({ manage, ignoreUsers: ignore }, declared, server)).toEqual(expected);
  });

  it('matches ignore_users as globs', () => {
    expect(isIgnoredUser('svc-access', ['svc-*'])).toBe(true);
    expect(isIgnoredUser('svcaccess', ['svc-*'])).toBe(false);
    expect(isIgnoredUser('root', ['root', 'admin'])).toBe(true);
    expect(isIgnoredUser('root', [])).toBe(false);
  });
});
