import type { CurrentState } from '../current/types.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { checkPlanSafety, type Plan } from '../plan/index.js';
import { checkPlanOperations } from './check-plan-operations.js';
import { assertPlanFresh } from './stale-check.js';

/**
 * The checks of a saved plan against the state just read, in order: still fresh (else a
 * StalePlanError, exit 4), not edited (else a ConfigError), then the safety rules with the
 * plan's own settings. Returns the safety refusals (exit 3 when not empty).
 */
export function checkSavedPlan(
  plan: Plan,
  current: CurrentState,
  file: string,
  options: { allowRemovals?: number } = {},
): Diagnostic[] {
  assertPlanFresh(plan, current);
  checkPlanOperations(plan, current, file);
  return checkPlanSafety(plan, current, options).filter((d) => d.severity === 'error');
}
