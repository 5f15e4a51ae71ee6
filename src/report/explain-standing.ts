import type { CurrentState } from '../current/types.js';
import type { DesiredState, DesiredUser } from '../desired/types.js';
import type { RoleName, UserName } from '../model/index.js';
import { isIgnoredUser, isServiceAccount, type Plan } from '../plan/index.js';

/**
 * Where a user stands in the ownership model (docs/format.md, "Ownership"), in the words
 * of its table:
 * - `declared`: named in the files (under `users:`, a group's `members:`, a read ftrack group);
 * - `baseline`: only a member of `members: all-active` groups;
 * - `not-declared`: not named, holding a role the files own;
 * - `unmentioned`: not named, holding only roles the files do not mention;
 * - `inactive-kept`: inactive, with `inactive_users: keep`;
 * - `ignored`: matches `ignore_users`;
 * - `api-user`: the acting API user, not named in the files;
 * - `service-account`: an ftrack service account, not named in the files;
 * - `not-on-server`: the server has no such user.
 */
export type Standing =
  | 'declared'
  | 'baseline'
  | 'not-declared'
  | 'unmentioned'
  | 'inactive-kept'
  | 'ignored'
  | 'api-user'
  | 'service-account'
  | 'not-on-server';

export interface UserStandingView {
  standing: Standing;
  /** True when the plan changes this user (plan.managed.users). */
  managed: boolean;
  /** True when the plan takes away what the user holds of `role` beyond the desired scope. */
  decides: (role: RoleName) => boolean;
  /** True for an `ownership: additive` role (never reduced). */
  additive: (role: RoleName) => boolean;
}

/** The standing of one user, as the plan treated them. */
export function standingOf(
  input: { desired: DesiredState; current: CurrentState; plan: Plan },
  username: UserName,
  wanted: DesiredUser | undefined,
): UserStandingView {
  const { desired, current, plan } = input;
  const user = current.users.find((u) => u.username === username);
  const managed = plan.managed.users.includes(username);
  const declared = wanted !== undefined && wanted.declared !== false;
  const additive = (role: RoleName) => desired.catalogue.get(role)?.ownership === 'additive';
  const owned = new Set(plan.managed.owned_roles);
  const retired = (role: RoleName) => desired.catalogue.get(role)?.retired === true;
  const covers = (role: RoleName) =>
    declared || plan.managed.manage === 'all' || owned.has(role) || retired(role);
  const decides = (role: RoleName) => managed && covers(role) && (!additive(role) || retired(role));
  const view = (standing: Standing): UserStandingView => ({
    standing,
    managed,
    decides,
    additive,
  });
  if (user === undefined) return view('not-on-server');
  if (isIgnoredUser(username, plan.managed.ignore_users)) return view('ignored');
  if (managed)
    return view(declared ? 'declared' : wanted !== undefined ? 'baseline' : 'not-declared');
  if (!user.isActive && plan.managed.inactive_users === 'keep') return view('inactive-kept');
  if (!declared && username === plan.api_user) return view('api-user');
  if (!declared && isServiceAccount(user)) return view('service-account');
  const holdsOwned = current.assignments.some(
    (a) => a.userId === user.id && owned.has(roleName(current, a.roleId)),
  );
  return view(holdsOwned ? 'not-declared' : 'unmentioned');
}

function roleName(current: CurrentState, roleId: string): string {
  return current.roles.find((r) => r.id === roleId)?.name ?? '';
}
