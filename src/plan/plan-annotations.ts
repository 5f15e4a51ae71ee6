import type { Diagnostic } from '../diagnostics/index.js';
import { PLAN_CODES } from './codes.js';
import type { ExpiredGrant } from './expiry.js';
import { isIgnoredUser } from './managed.js';
import { formatSource } from '../model/index.js';
import type { PlanChange, PlanExpiredGrant, PlanGroup } from './types.js';

/**
 * Adds to every change that reduces access the grants of that (user, role) whose `until`
 * day has come. A role removed only because its grants ended gets their sources (instead
 * of where the user is declared). Grants of `ftrack_group` groups reach the members found.
 */
export function annotateExpired(
  changes: readonly PlanChange[],
  expired: readonly ExpiredGrant[],
  groups: readonly PlanGroup[],
): PlanChange[] {
  if (expired.length === 0) return [...changes];
  const membersOf = new Map(groups.map((g) => [g.group, new Set(g.members.map((m) => m.user))]));
  return changes.map((change) => {
    if (change.action === 'assign') return change;
    const found = expired.filter(
      (e) =>
        e.role === change.role &&
        (e.user === change.user ||
          (e.group !== undefined && membersOf.get(e.group)?.has(change.user) === true)),
    );
    if (found.length === 0) return change;
    const list: PlanExpiredGrant[] = found.map((e) => ({
      until: e.until,
      source: formatSource(e.source),
    }));
    const sources = change.reason === 'undeclared' ? list.map((e) => e.source) : change.sources;
    return { ...change, sources: [...new Set(sources)], expired: list };
  });
}

/**
 * Adds to every change that gives access the `until:` grants among its sources whose day
 * has not come yet (`expiring` maps a formatted source to its day, findExpiringSources).
 */
export function annotateExpiring(
  changes: readonly PlanChange[],
  expiring: ReadonlyMap<string, string>,
): PlanChange[] {
  if (expiring.size === 0) return [...changes];
  return changes.map((change) => {
    if (change.after === null) return change;
    const list = change.sources.flatMap((source): PlanExpiredGrant[] => {
      const until = expiring.get(source);
      return until === undefined ? [] : [{ until, source }];
    });
    return list.length === 0 ? change : { ...change, expiring: list };
  });
}

/** The expanded ftrack groups, with `ignored: true` on members matching `ignore_users`. */
export function markIgnoredMembers(
  groups: readonly PlanGroup[],
  ignoreUsers: readonly string[],
): PlanGroup[] {
  return groups.map((g) => ({
    ...g,
    members: g.members.map((m) =>
      isIgnoredUser(m.user, ignoreUsers) ? { ...m, ignored: true } : m,
    ),
  }));
}

/**
 * Above this many operations, `plan` warns (FR415) that `apply` would send them all in one
 * call and suggests `apply --max-operations-per-call`: one call is all or nothing, but a
 * very large one may outlast the server's or a proxy's time limit.
 */
export const LARGE_PLAN_OPERATIONS = 1000;

/** FR415 when the plan has more than LARGE_PLAN_OPERATIONS operations. */
export function findLargePlan(operations: number): Diagnostic[] {
  if (operations <= LARGE_PLAN_OPERATIONS) return [];
  return [
    {
      severity: 'warning',
      code: PLAN_CODES.largePlan,
      summary: `The plan has ${operations} operations, more than ${LARGE_PLAN_OPERATIONS}: apply sends them in one call`,
      hint: `One call is all or nothing but may outlast the server's time limit: \`apply --max-operations-per-call ${LARGE_PLAN_OPERATIONS}\` sends them in chunks, one call each (each chunk all or nothing; a user is never split), or raise --timeout.`,
    },
  ];
}
