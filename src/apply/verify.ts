import { describeScope } from '../model/index.js';
import type { CurrentState } from '../current/types.js';
import { indexForPlan, sameAccess, type Plan, type PlanChange } from '../plan/index.js';
import { planStateDigest } from './plan-state.js';

/** The planned changes whose `after` does not hold on the server, one line each. */
export function findResidualDifferences(
  plan: Pick<Plan, 'changes'>,
  current: CurrentState,
): string[] {
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

/**
 * What a re-read shows of some changes, judged on each change alone (not on the state
 * digest, which other calls of a chunked apply move too): every `after` holds (`applied`),
 * every `before` holds (`not-applied`), or neither (`partial`: part of them, or changed
 * meanwhile).
 */
export function judgeChangesEffect(
  changes: readonly Pick<PlanChange, 'user' | 'role' | 'before' | 'after'>[],
  current: CurrentState,
): BatchEffect {
  const index = indexForPlan(current);
  let after = 0;
  let before = 0;
  for (const change of changes) {
    const held = index.held.get(change.user)?.get(change.role) ?? null;
    if (sameAccess(held, change.after, index.isOpen)) after++;
    else if (sameAccess(held, change.before, index.isOpen)) before++;
  }
  if (changes.length > 0 && after === changes.length) return 'applied';
  if (changes.length > 0 && before === changes.length) return 'not-applied';
  return 'partial';
}
