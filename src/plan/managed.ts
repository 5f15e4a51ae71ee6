import type { CurrentDirectory, CurrentState, CurrentUser } from '../current/types.js';
import type { ManageMode } from '../desired/types.js';
import { globMatcher } from '../model/glob.js';
import { compareStrings, type RoleName, type UserName } from '../model/index.js';

/**
 * Who the plan may change (docs/format.md, "Ownership"): the declared users, and under
 * `manage: owned` every other holder of an owned role, under `manage: all` every user.
 */
export interface ManagedRule {
  manage: ManageMode;
  ignoreUsers: readonly string[];
  inactiveUsers: 'remove' | 'keep';
  /** The roles the files own: mentioned, and not `ownership: additive`. */
  ownedRoles: ReadonlySet<RoleName>;
  /** The acting API user: never changed unless declared. */
  apiUser: UserName;
}

/** True when a username matches one of the `ignore_users` globs. */
export function isIgnoredUser(username: UserName, ignoreUsers: readonly string[]): boolean {
  return globMatcher(ignoreUsers)(username);
}

/** The ftrack user type of accounts that are not people (protocol notes, UserType). */
export const SERVICE_USER_TYPE = 'service';

/** True for a service account: a user whose ftrack user type says it is not a person. */
export function isServiceAccount(user: Pick<CurrentUser, 'type'>): boolean {
  return user.type === SERVICE_USER_TYPE;
}

/**
 * True for a user the files never change unless they declare them: the API user and
 * service accounts (ignored users are never changed at all).
 */
export function isExemptUnlessDeclared(user: CurrentUser, apiUser: UserName): boolean {
  return user.username === apiUser || isServiceAccount(user);
}

/**
 * The managed users, sorted: the declared users (`declared`: users of the config, or a
 * saved plan's managed users) that exist on the server; under `manage: owned` also every
 * holder of an owned role, under `manage: all` every active user (and, with
 * `inactive_users: remove`, every inactive user holding a role). Users matching
 * `ignore_users` are never managed; holders and `all`'s users are not managed when they are
 * the API user or a service account; with `inactive_users: keep` no inactive user is.
 * Only these users are changed, and only their state enters the state digest.
 */
export function selectManagedUsers(
  rule: ManagedRule,
  declared: Iterable<UserName>,
  current: CurrentDirectory & Partial<Pick<CurrentState, 'assignments'>>,
): UserName[] {
  const byName = new Map(current.users.map((u) => [u.username, u]));
  const keep = rule.inactiveUsers === 'keep';
  const chosen = new Set<UserName>();
  for (const name of declared) {
    const user = byName.get(name);
    if (user !== undefined && !(keep && !user.isActive)) chosen.add(name);
  }
  const may = (user: CurrentUser) =>
    !isExemptUnlessDeclared(user, rule.apiUser) && !(keep && !user.isActive);
  if (rule.manage === 'all') {
    const holding = holdersOf(current, () => true);
    for (const user of current.users) {
      if (may(user) && (user.isActive || holding.has(user.id))) chosen.add(user.username);
    }
  } else if (rule.manage === 'owned') {
    const owned = new Set(
      current.roles.filter((r) => rule.ownedRoles.has(r.name)).map((r) => r.id),
    );
    const holding = holdersOf(current, (roleId) => owned.has(roleId));
    for (const user of current.users) {
      if (holding.has(user.id) && may(user)) chosen.add(user.username);
    }
  }
  const ignored = globMatcher(rule.ignoreUsers);
  return [...chosen].filter((name) => !ignored(name)).sort(compareStrings);
}

/** The ids of the users holding a role that `counts` (none when the assignments are not read). */
function holdersOf(
  current: Partial<Pick<CurrentState, 'assignments'>>,
  counts: (roleId: string) => boolean,
): Set<string> {
  const found = new Set<string>();
  for (const a of current.assignments ?? []) if (counts(a.roleId)) found.add(a.userId);
  return found;
}
