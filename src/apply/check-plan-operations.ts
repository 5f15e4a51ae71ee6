import type { CurrentState } from '../current/types.js';
import { scopesEqual } from '../model/index.js';
import {
  buildOperations,
  indexForPlan,
  sameAccess,
  summarizeChanges,
  type Plan,
  type PlanChange,
  type PlanIndex,
  type Swap,
  type Transition,
} from '../plan/index.js';
import type { SecurityRoleOperation } from '../wire/index.js';
import { APPLY_CODES } from './codes.js';
import { planFileError } from './read-plan-file.js';

/**
 * The operations a plan's changes call for, rebuilt with the planner's own operation
 * builder from the current ids. A role removed and another assigned to the same user with
 * the same scope are one swap (`update_user_security_role`), exactly as the planner pairs them.
 */
export function rebuildOperations(plan: Plan, current: CurrentState): SecurityRoleOperation[] {
  const index = indexForPlan(current);
  const transitions: Transition[] = [];
  const swaps: Swap[] = [];
  for (const changes of groupByUser(plan.changes)) {
    const userSwaps = pairSwaps(changes, index);
    const swapped = new Set(userSwaps.flatMap((s) => [s.from, s.to]));
    swaps.push(...userSwaps);
    for (const { user, role, before, after } of changes) {
      if (!swapped.has(role)) transitions.push({ user, role, before, after });
    }
  }
  return buildOperations(transitions, swaps, index);
}

/**
 * Refuses a plan file whose operations, summary or `before` scopes do not follow from its
 * changes and the current state (an edited file). Call it once the state digest matched.
 */
export function checkPlanOperations(plan: Plan, current: CurrentState, file: string): void {
  const problem = findTampering(plan, current);
  if (problem === undefined) return;
  throw planFileError(
    file,
    APPLY_CODES.tampered,
    `The plan file was modified: ${problem}`,
    'Do not edit plan files; plan again with `ftrack-roles plan --out FILE`.',
  );
}

function findTampering(plan: Plan, current: CurrentState): string | undefined {
  const index = indexForPlan(current);
  const managed = new Set(plan.managed.users);
  for (const change of plan.changes) {
    const at = `${change.user} / ${change.role}`;
    if (!managed.has(change.user)) return `the change ${at} is for a user that is not managed`;
    if (!index.users.has(change.user) || !index.roles.has(change.role)) {
      return `the change ${at} names a user or role that does not exist`;
    }
    const held = index.held.get(change.user)?.get(change.role) ?? null;
    if (!scopesEqual(held, change.before))
      return `the change ${at} does not start from the current scope`;
    const unknown = change.after?.projects.find((p) => !index.projects.has(p));
    if (unknown !== undefined) return `the change ${at} names the unknown project "${unknown}"`;
  }
  if (JSON.stringify(summarizeChanges(plan.changes)) !== JSON.stringify(plan.summary)) {
    return 'the summary does not match the changes';
  }
  const expected = rebuildOperations(plan, current);
  return compareOperations(expected, plan.operations);
}

function compareOperations(
  expected: readonly SecurityRoleOperation[],
  actual: readonly SecurityRoleOperation[],
): string | undefined {
  const length = Math.max(expected.length, actual.length);
  for (let i = 0; i < length; i++) {
    const want = expected[i];
    const got = actual[i];
    if (want === undefined || got === undefined || canonical(want) !== canonical(got)) {
      return `operation #${i + 1} is not the one the changes call for (${expected.length} expected, ${actual.length} in the file)`;
    }
  }
  return undefined;
}

function canonical(operation: SecurityRoleOperation): string {
  const record = operation as unknown as Record<string, unknown>;
  return JSON.stringify(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
}

function groupByUser(changes: readonly PlanChange[]): PlanChange[][] {
  const groups = new Map<string, PlanChange[]>();
  for (const change of changes)
    groups.set(change.user, [...(groups.get(change.user) ?? []), change]);
  return [...groups.values()];
}

/** The planner's pairing (src/plan/diff-user.ts): first removed role with the same access. */
function pairSwaps(changes: readonly PlanChange[], index: PlanIndex): Swap[] {
  const removed = changes.filter((c) => c.action === 'remove');
  const swaps: Swap[] = [];
  for (const added of changes.filter((c) => c.action === 'assign')) {
    const match = removed.find((r) => sameAccess(r.before, added.after, index.isOpen));
    if (match === undefined) continue;
    removed.splice(removed.indexOf(match), 1);
    swaps.push({ user: added.user, from: match.role, to: added.role });
  }
  return swaps;
}
