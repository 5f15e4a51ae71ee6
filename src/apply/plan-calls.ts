import type { CurrentState } from '../current/types.js';
import { compareStrings, type Scope } from '../model/index.js';
import type { Plan, PlanChange } from '../plan/index.js';
import { countRemovals } from '../plan/scope.js';
import type { SecurityRoleOperation } from '../wire/index.js';
import { chunkOperations, type UserEffect } from './chunks.js';

/** One call of an apply: the whole plan, or one chunk of it (`--max-operations-per-call`). */
export interface PlanCall {
  /** 1-based position among the calls. */
  index: number;
  /** How many calls the apply makes. */
  count: number;
  /** The usernames the call changes, sorted. */
  users: string[];
  /** The operations to send, in the plan's order. */
  operations: SecurityRoleOperation[];
  /** The plan's changes of those users. */
  changes: PlanChange[];
}

/**
 * The calls that apply a plan: one call with every operation, or with `max`, chunks of
 * whole users in the order of chunks.ts (a chunk holds more than `max` operations only
 * when one user, or the users who trade protected roles, need more).
 */
export function splitPlan(plan: Plan, current: CurrentState, max?: number): PlanCall[] {
  const effects = userEffects(plan, current);
  const chunks = chunkOperations(plan.operations, effects, max);
  const chunkOf = new Map<string, number>();
  chunks.forEach((chunk, i) => {
    for (const id of chunk.userIds) chunkOf.set(effects.get(id)?.name ?? id, i);
  });
  const changes = chunks.map((): PlanChange[] => []);
  for (const change of plan.changes) changes[chunkOf.get(change.user) ?? 0]?.push(change);
  return chunks.map((chunk, i) => ({
    index: i + 1,
    count: chunks.length,
    users: chunk.userIds.map((id) => effects.get(id)?.name ?? id).sort(compareStrings),
    operations: chunk.operations,
    changes: changes[i]!,
  }));
}

/**
 * What each user's changes do to the holders of the protected roles, by user id. A holder
 * is counted as the `min_holders` rule counts one (src/plan/guards.ts): an active user
 * holding the role on all open projects or on at least one project.
 */
export function userEffects(plan: Plan, current: CurrentState): Map<string, UserEffect> {
  const users = new Map(current.users.map((u) => [u.username, u]));
  const protectedRoles = new Set(plan.safety.protected.map((p) => p.role));
  const effects = new Map<string, UserEffect>();
  for (const change of plan.changes) {
    const user = users.get(change.user);
    if (user === undefined) continue;
    const effect = effects.get(user.id) ?? {
      name: change.user,
      gains: [],
      losses: [],
      removesAccess: false,
    };
    const was = user.isActive && reaches(change.before);
    const will = user.isActive && reaches(change.after);
    const isProtected = protectedRoles.has(change.role);
    effects.set(user.id, {
      ...effect,
      gains: isProtected && !was && will ? [...effect.gains, change.role] : effect.gains,
      losses: isProtected && was && !will ? [...effect.losses, change.role] : effect.losses,
      removesAccess: effect.removesAccess || countRemovals(change.before, change.after) > 0,
    });
  }
  return effects;
}

function reaches(scope: Scope | null): boolean {
  return scope !== null && (scope.all_open || scope.projects.length > 0);
}
