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

/** The digest of a state as the plan sees it (the plan's managed rule applied to that state). */
export function planStateDigest(plan: Plan, current: CurrentState): string {
  return computeStateDigest(current, new Set(managedUsersNow(plan, current)));
}
