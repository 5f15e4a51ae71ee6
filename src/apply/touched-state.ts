import {
  fetchCurrentState,
  fetchTargetedState,
  mergeTargetedState,
  restrictState,
  targetedUserIds,
  type CurrentState,
  type StateSource,
  type StateTarget,
  type TargetedState,
} from '../current/index.js';
import { compareStrings } from '../model/index.js';
import type { Plan } from '../plan/index.js';
import { canonicalUserTexts } from '../plan/state-digest.js';
import { UnsafeQueryValueError } from '../session/index.js';

/**
 * What `apply` reads again once it has planned (docs/apply.md, "What apply reads"): not
 * the whole studio, but the users its plan touches.
 */

/** What of a plan says which users it touches. */
type TouchingPlan = Pick<Plan, 'changes' | 'api_user' | 'safety'>;

/**
 * The users an apply depends on beyond the roles and projects: every user with a change,
 * the acting API user, and the holders of the protected roles, those of the state the
 * plan was checked on (one may have lost the role since) and, through `holdersOf`, those
 * holding it when the read is made (one may have gained it since).
 */
export function touchedTarget(plan: TouchingPlan, current: CurrentState): StateTarget {
  const names = new Set([...plan.changes.map((c) => c.user), plan.api_user]);
  const protectedRoles = new Set(plan.safety.protected.map((p) => p.role));
  const holdersOf = current.roles.filter((r) => protectedRoles.has(r.name)).map((r) => r.id);
  const protectedIds = new Set(holdersOf);
  const userIds = new Set(current.users.filter((u) => names.has(u.username)).map((u) => u.id));
  for (const a of current.assignments) if (protectedIds.has(a.roleId)) userIds.add(a.userId);
  return { userIds: [...userIds], holdersOf };
}

/**
 * The state after planning, as far as the plan depends on it: the touched users
 * (touchedTarget), the roles and the projects are read again; every other user is taken
 * from `current`, the whole state the plan was made from or checked on. The result is a
 * whole state: the plan's state digest computed on it differs from the plan's exactly when
 * a role, a project or a touched user changed. Reads a number of rows that grows with the
 * touched users, not with the studio; should an id not fit into a query, reads everything
 * and keeps the same users.
 */
export async function readTouchedState(
  session: StateSource,
  plan: TouchingPlan,
  current: CurrentState,
): Promise<CurrentState> {
  const target = touchedTarget(plan, current);
  let read: TargetedState;
  try {
    read = await fetchTargetedState(session, target);
  } catch (error) {
    if (!(error instanceof UnsafeQueryValueError)) throw error;
    read = restrictState(await fetchCurrentState(session), target);
  }
  return mergeTargetedState(current, read);
}

/** A touched user whose state moved, and why the plan depends on them. */
export interface MovedUser {
  user: string;
  why: 'a user the plan changes' | 'the acting API user' | 'a holder of a protected role';
}

/**
 * The touched users (touchedTarget, with the holders of the protected roles in `after`)
 * whose state differs between `before` and `after`: deleted or new, renamed, activated or
 * deactivated, or any role or grant of theirs. Sorted by username.
 */
export function findMovedUsers(
  plan: TouchingPlan,
  before: CurrentState,
  after: CurrentState,
): MovedUser[] {
  const ids = targetedUserIds(after, touchedTarget(plan, before));
  const was = canonicalUserTexts(before, ids);
  const now = canonicalUserTexts(after, ids);
  const names = new Map([...after.users, ...before.users].map((u) => [u.id, u.username]));
  const changed = new Set(plan.changes.map((c) => c.user));
  const moved: MovedUser[] = [];
  for (const id of ids) {
    if (was.get(id) === now.get(id)) continue;
    const user = names.get(id) ?? id;
    const why = changed.has(user)
      ? 'a user the plan changes'
      : user === plan.api_user
        ? 'the acting API user'
        : 'a holder of a protected role';
    moved.push({ user, why });
  }
  return moved.sort((a, b) => compareStrings(a.user, b.user));
}
