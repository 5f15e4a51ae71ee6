import type { CurrentDirectory } from '../current/types.js';
import { globMatcher } from '../model/glob.js';
import { compareStrings, type UserName } from '../model/index.js';

export interface ManagedRule {
  manage: 'declared' | 'all';
  ignoreUsers: readonly string[];
}

/** True when a username matches one of the `ignore_users` globs. */
export function isIgnoredUser(username: UserName, ignoreUsers: readonly string[]): boolean {
  return globMatcher(ignoreUsers)(username);
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
  const ignored = globMatcher(rule.ignoreUsers);
  return [...chosen].filter((name) => !ignored(name)).sort(compareStrings);
}
