import type { CurrentState } from '../current/types.js';
import { scopesEqual } from '../model/index.js';
import {
  buildOperations,
  indexForPlan,
  pairSwaps,
  summarizeChanges,
  type Plan,
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
  const changes = structuredClone(plan.changes);
  const swaps = pairSwaps(changes, index.isOpen);
  const swapped = new Set(
    swaps.flatMap((s) => [`${s.user}\u0000${s.from}`, `${s.user}\u0000${s.to}`]),
  );
  const transitions: Transition[] = changes
    .filter((c) => !swapped.has(`${c.user}\u0000${c.role}`))
    .map(({ user, role, before, after }) => ({ user, role, before, after }));
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
