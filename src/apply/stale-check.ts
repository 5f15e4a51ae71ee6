import type { CurrentState } from '../current/types.js';
import { StalePlanError } from '../diagnostics/index.js';
import { describeScope, scopesEqual } from '../model/index.js';
import { indexForPlan, type Plan } from '../plan/index.js';
import { managedUsersNow, planStateDigest } from './plan-state.js';
import { findResidualDifferences } from './verify.js';

/**
 * What changed since the plan, one line each; empty when the state digest still matches.
 * Names each planned (user, role) pair whose scope moved, users entering or leaving the
 * managed set, and otherwise says that other managed state changed.
 */
export function findStaleness(plan: Plan, current: CurrentState): string[] {
  if (planStateDigest(plan, current) === plan.state_digest) return [];
  const found: string[] = [];
  const now = new Set(managedUsersNow(plan, current));
  const then = new Set(plan.managed.users);
  for (const user of now) if (!then.has(user)) found.push(`user "${user}" is now managed`);
  for (const user of then) {
    if (!now.has(user)) found.push(`user "${user}" is no longer managed (deleted or deactivated)`);
  }
  const index = indexForPlan(current);
  for (const change of plan.changes) {
    const held = index.held.get(change.user)?.get(change.role) ?? null;
    if (scopesEqual(held, change.before)) continue;
    found.push(
      `${change.user} / ${change.role}: planned from ${describeScope(change.before)}, now ${describeScope(held)}`,
    );
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
 * Throws a StalePlanError (exit 4) when the server no longer matches the plan. `why` says
 * when it changed (default: since a saved plan was made).
 */
export function assertPlanFresh(
  plan: Plan,
  current: CurrentState,
  why = 'The saved plan is stale: the server changed since it was made.',
): void {
  const differences = findStaleness(plan, current);
  if (differences.length === 0) return;
  const list = differences.map((d) => `  - ${d}`).join('\n');
  throw new StalePlanError(
    `${why} Nothing was sent.\n${list}\nPlan again and review the new plan.`,
    differences,
  );
}
