import { computeStateDigest } from '../plan/state-digest.js';
import type { CurrentState } from '../current/types.js';
import { selectManagedUsers, type Plan } from '../plan/index.js';

/** The managed users of a plan, recomputed on a state from the plan's own managed rule. */
export function managedUsersNow(plan: Plan, current: CurrentState): string[] {
  const rule = {
    manage: plan.managed.manage,
    ignoreUsers: plan.managed.ignore_users,
    inactiveUsers: plan.managed.inactive_users,
    ownedRoles: new Set(plan.managed.owned_roles),
    apiUser: plan.api_user,
  };
  return selectManagedUsers(rule, plan.managed.users, current);
}

/**
 * A state digest already computed over a state (computeStateDigest) for a set of managed
 * users: a re-plan's `state_digest` and `managed.users`.
 */
export interface KnownDigest {
  users: readonly string[];
  digest: string;
}

/**
 * The digest of a state as the plan sees it (the plan's managed rule applied to that state).
 * `known`, a digest of the same state, is taken as it is when its users are exactly the
 * plan's managed users on that state: the digest depends on nothing else, and computing it
 * again costs a pass over every managed user.
 */
export function planStateDigest(plan: Plan, current: CurrentState, known?: KnownDigest): string {
  const users = managedUsersNow(plan, current);
  const managed = new Set(users);
  if (known !== undefined && sameMembers(managed, known.users)) return known.digest;
  return computeStateDigest(current, managed);
}

function sameMembers(set: ReadonlySet<string>, list: readonly string[]): boolean {
  const other = new Set(list);
  return other.size === set.size && list.every((x) => set.has(x));
}
