import type { CurrentState } from '../current/types.js';
import type { CatalogueRole } from '../desired/types.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { compareStrings, type RoleName, type SourceRef, type UserName } from '../model/index.js';
import { PLAN_CODES } from './codes.js';
import type { PlanIndex } from './current-index.js';
import { isExemptUnlessDeclared, isIgnoredUser, type ManagedRule } from './managed.js';
import type { PreparedPlan } from './plan-changes.js';
import type { ResolvedUser } from './resolve.js';

/**
 * The ownership model (docs/format.md, "Ownership"): the roles the files mention are the
 * roles the files own. A declared user ends with exactly their desired roles; every other
 * holder of an owned role loses it (`manage: owned`); roles the files never mention are
 * left alone on undeclared users (unless `manage: all`). `ownership: additive` roles are
 * never taken away from anyone.
 */

/**
 * The owned roles: every mentioned role but the catalogue's `ownership: additive` ones and
 * `unresolved` ones (granted by a group whose ftrack group could not be read: the plan has
 * an error then, and names no holder of them as not declared).
 */
export function ownedRoles(
  mentioned: ReadonlyMap<RoleName, SourceRef>,
  catalogue: ReadonlyMap<RoleName, CatalogueRole>,
  unresolved: ReadonlySet<RoleName> = new Set(),
): Set<RoleName> {
  const additive = (role: RoleName) => catalogue.get(role)?.ownership === 'additive';
  return new Set([...mentioned.keys()].filter((role) => !additive(role) && !unresolved.has(role)));
}

/** The managed rule of a prepared plan, for the acting API user. */
export function managedRule(prepared: PreparedPlan, apiUser: UserName): ManagedRule {
  const { settings, ownedRoles: owned } = prepared.config;
  return {
    manage: settings.manage,
    ignoreUsers: settings.ignoreUsers,
    inactiveUsers: settings.inactiveUsers,
    ownedRoles: owned,
    apiUser,
  };
}

/** How the plan treats one managed user (diff-user.ts). */
export interface UserStanding {
  /** Named in the files: under `users:`, in a group's `members:`, or in a read ftrack group. */
  declared: boolean;
  /** Inactive on the server with `inactive_users: remove`: no desired grant counts. */
  inactiveRemoved: boolean;
  /** True when the plan decides this role of the user (else it is left as it is). */
  covers: (role: RoleName) => boolean;
  /** True for an `ownership: additive` role: never reduced. */
  additive: (role: RoleName) => boolean;
  /** True for a role the catalogue retires. */
  retired: (role: RoleName) => boolean;
  /** Where the files mention a role (its catalogue entry or first grant). */
  mention: (role: RoleName) => SourceRef | undefined;
}

export function userStanding(
  username: UserName,
  wanted: ResolvedUser | undefined,
  index: PlanIndex,
  prepared: PreparedPlan,
): UserStanding {
  const { settings, catalogue, ownedRoles: owned, mentionedRoles } = prepared.config;
  const declared = wanted !== undefined && wanted.declared;
  const everything = declared || settings.manage === 'all';
  const active = index.users.get(username)?.isActive !== false;
  return {
    declared,
    inactiveRemoved: !active && settings.inactiveUsers === 'remove',
    // An undeclared user's owned roles, and what the files grant them (a baseline's
    // additive roles are added, never reduced).
    covers: everything
      ? () => true
      : (role) => owned.has(role) || isRetired(catalogue, role) || wanted?.roles.has(role) === true,
    additive: (role) => catalogue.get(role)?.ownership === 'additive',
    retired: (role) => isRetired(catalogue, role),
    mention: (role) => mentionedRoles.get(role),
  };
}

function isRetired(catalogue: ReadonlyMap<RoleName, CatalogueRole>, role: RoleName): boolean {
  return catalogue.get(role)?.retired === true;
}

/** Names shown in a warning at most; the count says how many there are. */
const LISTED = 10;

/**
 * `manage: declared`: the holders of owned roles the plan leaves alone because the files
 * do not declare them (one warning with the count and the first names), so a gradual
 * rollout sees what `manage: owned` would take away.
 */
export function undeclaredHolders(
  rule: ManagedRule,
  current: CurrentState,
  managed: ReadonlySet<UserName>,
): Diagnostic[] {
  const owned = new Set(current.roles.filter((r) => rule.ownedRoles.has(r.name)).map((r) => r.id));
  const byId = new Map(current.users.map((u) => [u.id, u]));
  const found = new Set<UserName>();
  for (const a of current.assignments) {
    const user = byId.get(a.userId);
    if (user === undefined || !owned.has(a.roleId) || managed.has(user.username)) continue;
    if (isExemptUnlessDeclared(user, rule.apiUser)) continue;
    if (isIgnoredUser(user.username, rule.ignoreUsers)) continue;
    if (!user.isActive && rule.inactiveUsers === 'keep') continue;
    found.add(user.username);
  }
  if (found.size === 0) return [];
  const names = [...found].sort(compareStrings);
  const shown = names.slice(0, LISTED).join(', ') + (names.length > LISTED ? ', …' : '');
  return [
    {
      severity: 'warning',
      code: PLAN_CODES.undeclaredHolders,
      summary: `${names.length === 1 ? '1 user holds' : `${names.length} users hold`} roles the files grant but are not declared, and manage: declared leaves them alone: ${shown}`,
      hint: 'Declare them in the files, remove their roles in ftrack, or switch to manage: owned to have plan remove those roles.',
    },
  ];
}
