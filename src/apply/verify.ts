import { describeScope } from '../model/index.js';
import type { CurrentState } from '../current/types.js';
import { indexForPlan, sameAccess, type Plan } from '../plan/index.js';
import { planStateDigest } from './plan-state.js';

/** The planned changes whose `after` does not hold on the server, one line each. */
export function findResidualDifferences(plan: Plan, current: CurrentState): string[] {
  const index = indexForPlan(current);
  const found: string[] = [];
  for (const change of plan.changes) {
    const held = index.held.get(change.user)?.get(change.role) ?? null;
    if (sameAccess(held, change.after, index.isOpen)) continue;
    found.push(
      `${change.user} / ${change.role}: expected ${describeScope(change.after)}, found ${describeScope(held)}`,
    );
  }
  return found;
}

/** What a re-read shows after a batch of unknown outcome. */
export type BatchEffect = 'applied' | 'not-applied' | 'partial';

/**
 * Decides from a re-read whether the batch was applied in full (every `after` holds), not
 * at all (the state digest is the plan's), or neither (a partial or concurrent change).
 */
export function judgeBatchEffect(plan: Plan, current: CurrentState): BatchEffect {
  if (planStateDigest(plan, current) === plan.state_digest) return 'not-applied';
  return findResidualDifferences(plan, current).length === 0 ? 'applied' : 'partial';
}
