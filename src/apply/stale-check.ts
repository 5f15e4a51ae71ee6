import type { CurrentState } from '../current/types.js';
import { StalePlanError } from '../diagnostics/index.js';
import { describeScope, scopesEqual } from '../model/index.js';
import { indexForPlan, type Plan } from '../plan/index.js';
import { managedUsersNow, planStateDigest, type KnownDigest } from './plan-state.js';
import { findMovedUsers } from './touched-state.js';
import { findResidualDifferences } from './verify.js';

/**
 * What changed since the plan, one line each; empty when the server still matches it.
 * Without `since`, `current` is a whole state read now, checked against the plan's state
 * digest. With `since` (the whole state the plan was made from or checked on), `current`
 * is that state with the users the plan touches read again (readTouchedState): checked
 * against the digest, and user by user for the touched users, managed or not (the holders
 * of the protected roles and the API user among them). Names each planned (user, role)
 * pair whose scope moved, users entering or leaving the managed set, touched users that
 * changed, and otherwise says that other managed state changed. `known` is a digest of
 * `current` already computed (a re-plan's), reused when it covers the same managed users.
 */
export function findStaleness(
  plan: Plan,
  current: CurrentState,
  since?: CurrentState,
  known?: KnownDigest,
): string[] {
  const moved = since === undefined ? [] : findMovedUsers(plan, since, current);
  if (moved.length === 0 && planStateDigest(plan, current, known) === plan.state_digest) {
    return [];
  }
  const found: string[] = [];
  const named = new Set<string>();
  const say = (user: string, line: string) => {
    named.add(user);
    found.push(line);
  };
  const now = new Set(managedUsersNow(plan, current));
  const then = new Set(plan.managed.users);
  for (const user of now) if (!then.has(user)) say(user, `user "${user}" is now managed`);
  for (const user of then) {
    if (!now.has(user)) say(user, `user "${user}" is no longer managed (deleted or deactivated)`);
  }
  const index = indexForPlan(current);
  for (const change of plan.changes) {
    const held = index.held.get(change.user)?.get(change.role) ?? null;
    if (scopesEqual(held, change.before)) continue;
    say(
      change.user,
      `${change.user} / ${change.role}: planned from ${describeScope(change.before)}, now ${describeScope(held)}`,
    );
  }
  for (const { user, why } of moved) {
    if (!named.has(user)) say(user, `user "${user}" changed since the plan (${why})`);
  }
  const alreadyApplied =
    plan.changes.length > 0 && findResidualDifferences(plan, current).length === 0;
  if (alreadyApplied) {
    found.push(
      'every planned change already holds on the server: the plan was probably applied already',
    );
  } else if (found.length === 0) {
    found.push(
      'the roles, projects or other role assignments of the managed users changed (the state digest differs)',
    );
  }
  return found;
}

/**
 * Throws a StalePlanError (exit 4) when the server no longer matches the plan (findStaleness;
 * `since` as there). `why` says when it changed (default: since a saved plan was made).
 */
export function assertPlanFresh(
  plan: Plan,
  current: CurrentState,
  why = 'The saved plan is stale: the server changed since it was made.',
  since?: CurrentState,
  known?: KnownDigest,
): void {
  const differences = findStaleness(plan, current, since, known);
  if (differences.length === 0) return;
  const list = differences.map((d) => `  - ${d}`).join('\n');
  throw new StalePlanError(
    `${why} Nothing was sent.\n${list}\nPlan again and review the new plan.`,
    differences,
  );
}
