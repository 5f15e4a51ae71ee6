import type { CurrentState } from '../current/types.js';
import type { DesiredSettings } from '../desired/types.js';
import { SafetyError, type Diagnostic } from '../diagnostics/index.js';
import { plural, type Scope, type SourceRef } from '../model/index.js';
import { PLAN_CODES } from './codes.js';
import { indexForPlan, type PlanIndex } from './current-index.js';
import { countRemovals } from './scope.js';
import type { Plan } from './types.js';

export interface SafetyOptions {
  /** `--allow-removals N`: accepts more than `max_removals` when N is exactly the count. */
  allowRemovals?: number;
  /** The config settings, when loaded: only used to point diagnostics at the config. */
  settings?: DesiredSettings;
  /** The plan index of `current`, when the caller has built it already (else built here). */
  index?: PlanIndex;
}

/**
 * The safety rules, evaluated on the state the plan would produce (peribolos' rails):
 * the removal limit, the acting API user keeping all their access, and protected roles
 * keeping at least `min_holders` active holders. Works from the plan value alone (plus
 * the current state), so `apply --plan` re-checks a saved plan the same way.
 * Errors refuse the plan (exit 3); warnings are informative.
 */
export function checkPlanSafety(
  plan: Plan,
  current: CurrentState,
  options: SafetyOptions = {},
): Diagnostic[] {
  const at = options.settings?.source;
  return [
    ...checkRemovalLimit(plan, options.allowRemovals, at),
    ...checkApiUser(plan),
    ...checkProtectedRoles(plan, current, options),
  ];
}

/** Throws a SafetyError (exit 3) when a safety rule refuses the plan. */
export function assertPlanSafe(plan: Plan, current: CurrentState, options?: SafetyOptions): void {
  const refusals = checkPlanSafety(plan, current, options).filter((d) => d.severity === 'error');
  if (refusals.length === 0) return;
  const reasons = refusals.map((d) => d.summary).join('; ');
  throw new SafetyError(`The plan is refused by a safety rule: ${reasons}`, refusals);
}

function checkRemovalLimit(plan: Plan, allow: number | undefined, at?: SourceRef): Diagnostic[] {
  const count = plan.summary.removals;
  const limit = plan.safety.max_removals;
  if (count <= limit || allow === count) return [];
  const given = allow === undefined ? '' : ` (--allow-removals ${allow} does not match)`;
  return [
    {
      severity: 'error',
      code: PLAN_CODES.tooManyRemovals,
      summary: `The plan removes access ${plural(count, 'time')}, more than max_removals (${limit})${given}`,
      hint: `Review the removals, then confirm them with --allow-removals ${count}, or raise settings.max_removals.`,
      ...(at ? { source: at } : {}),
    },
  ];
}

function checkApiUser(plan: Plan): Diagnostic[] {
  return plan.changes
    .filter((c) => c.user === plan.api_user && countRemovals(c.before, c.after) > 0)
    .map((c) => ({
      severity: 'error' as const,
      code: PLAN_CODES.apiUserLosesAccess,
      summary: `The plan would reduce the access of the acting API user "${c.user}" (role "${c.role}")`,
      hint: 'Give the API user the roles it holds in the config, or add it to settings.ignore_users.',
    }));
}

function checkProtectedRoles(
  plan: Plan,
  current: CurrentState,
  { settings, index: given }: SafetyOptions,
): Diagnostic[] {
  if (plan.safety.protected.length === 0) return [];
  const index = given ?? indexForPlan(current);
  const found: Diagnostic[] = [];
  for (const rule of plan.safety.protected) {
    const before = new Map<string, Scope>();
    for (const [user, roles] of index.held) {
      const scope = roles.get(rule.role);
      if (scope !== undefined && index.users.get(user)?.isActive === true) before.set(user, scope);
    }
    const after = new Map(before);
    for (const c of plan.changes.filter((x) => x.role === rule.role)) {
      if (c.after === null || index.users.get(c.user)?.isActive !== true) after.delete(c.user);
      else after.set(c.user, c.after);
    }
    const count = (m: Map<string, Scope>) => [...m.values()].filter(reachesAny).length;
    const [was, will] = [count(before), count(after)];
    if (will >= rule.min_holders) continue;
    const at = settings?.protected.find((p) => p.role === rule.role)?.source;
    found.push({
      severity: will < was ? 'error' : 'warning',
      code:
        will < was
          ? PLAN_CODES.protectedRoleBelowMinimum
          : PLAN_CODES.protectedRoleAlreadyBelowMinimum,
      summary:
        will < was
          ? `The protected role "${rule.role}" would have ${plural(will, 'holder')}, fewer than min_holders (${rule.min_holders})`
          : `The protected role "${rule.role}" has ${plural(will, 'holder')}, fewer than min_holders (${rule.min_holders})`,
      hint: `Keep at least ${rule.min_holders} active users on "${rule.role}".`,
      ...(at ? { source: at } : {}),
    });
  }
  return found;
}

function reachesAny(scope: Scope): boolean {
  return scope.all_open || scope.projects.length > 0;
}
