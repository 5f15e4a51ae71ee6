import picomatch from 'picomatch';
import type { CurrentDirectory } from '../current/types.js';
import { compareStrings, type UserName } from '../model/index.js';

export interface ManagedRule {
  manage: 'declared' | 'all';
  ignoreUsers: readonly string[];
}

interface CachedMatcher {
  key: string;
  match: (username: UserName) => boolean;
}

const matchers = new WeakMap<readonly string[], CachedMatcher>();

/**
 * A matcher for the `ignore_users` globs, compiled once per list (cached for that list
 * object and its current content, so per-user callers do not compile the globs again).
 */
export function ignoredUserMatcher(
  ignoreUsers: readonly string[],
): (username: UserName) => boolean {
  const key = JSON.stringify(ignoreUsers);
  const cached = matchers.get(ignoreUsers);
  if (cached !== undefined && cached.key === key) return cached.match;
  const compiled = ignoreUsers.length > 0 ? picomatch([...ignoreUsers], { dot: true }) : null;
  const match = compiled === null ? () => false : (username: UserName) => compiled(username);
  matchers.set(ignoreUsers, { key, match });
  return match;
}

/** True when a username matches one of the `ignore_users` globs. */
export function isIgnoredUser(username: UserName, ignoreUsers: readonly string[]): boolean {
  return ignoreUsers.length > 0 && ignoredUserMatcher(ignoreUsers)(username);
}

/**
 * The managed users, sorted: with `manage: declared` the declared users that exist on the
 * server; with `manage: all` also every active user of the server. Users matching
 * `ignore_users` are never managed. Only these users are changed, and only their state
 * enters the state digest.
 */
export function selectManagedUsers(
  rule: ManagedRule,
  declared: Iterable<UserName>,
  current: CurrentDirectory,
): UserName[] {
  const onServer = new Set(current.users.map((u) => u.username));
  const chosen = new Set([...declared].filter((name) => onServer.has(name)));
  if (rule.manage === 'all') {
    for (const user of current.users) if (user.isActive) chosen.add(user.username);
  }
  const ignored = ignoredUserMatcher(rule.ignoreUsers);
  return [...chosen].filter((name) => !ignored(name)).sort(compareStrings);
}
