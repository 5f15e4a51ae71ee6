import { createHash } from 'node:crypto';
import { describeScope } from '../model/index.js';
import type { Plan, PlanChange } from './types.js';

/**
 * What a reviewer approves of a plan: its server and its changes (user, role, action, the
 * scope before and after), in the plan's order. Not the API user (the reviewed plan is often
 * made by a read-only one, the apply by the writing one), not the digests of the config or
 * the state (a plan made again on a server that changed elsewhere may still make exactly
 * the reviewed changes), not the operations (they follow from the changes and the ids).
 */
export function changesDigest(plan: Pick<Plan, 'server' | 'changes'>): string {
  const changes = plan.changes.map(canonicalChange);
  const text = JSON.stringify({ v: 1, server: plan.server, changes });
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

function canonicalChange(change: PlanChange): unknown[] {
  const scope = (s: PlanChange['before']) => (s === null ? null : [s.all_open, [...s.projects]]);
  return [change.user, change.role, change.action, scope(change.before), scope(change.after)];
}

/** The changes of `a` that `b` lacks, one line each (for a refusal's message). */
export function changesMissingFrom(a: Pick<Plan, 'changes'>, b: Pick<Plan, 'changes'>): string[] {
  const key = (c: PlanChange) => JSON.stringify(canonicalChange(c));
  const inB = new Set(b.changes.map(key));
  return a.changes
    .filter((c) => !inB.has(key(c)))
    .map(
      (c) =>
        `${c.action} ${c.user} ${c.role}${c.after === null ? '' : ` → ${describeScope(c.after)}`}`,
    );
}
