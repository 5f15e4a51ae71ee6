import type { Plan } from '../plan/index.js';

const changeKey = (c: { user: string; role: string }) => `${c.user} / ${c.role}`;

/**
 * The first way a saved plan differs from the plan of its config made now, in words; or
 * undefined when they are the same. Everything `apply` acts on or checks with is compared:
 * the changes (with their sources), the operations, the summary, the managed set, the
 * globs and ftrack groups as expanded, and the safety settings. Not compared: the server
 * URL (compared after normalisation before) and the warnings (whose wording depends on the
 * day, e.g. "ends in 3 days").
 */
export function findPlanDifference(saved: Plan, planned: Plan): string | undefined {
  const ours = new Map(planned.changes.map((c) => [changeKey(c), c]));
  const theirs = new Map(saved.changes.map((c) => [changeKey(c), c]));
  // The most telling first: a change the config does not call for, then one it does that
  // the file leaves out, then one that differs (in scope, reason or sources).
  for (const key of theirs.keys()) {
    if (!ours.has(key))
      return `the change ${key} is in the file, but the config does not call for it`;
  }
  for (const key of ours.keys()) {
    if (!theirs.has(key))
      return `the config calls for the change ${key}, which the file leaves out`;
  }
  for (const [key, change] of theirs) {
    if (canonical(change) !== canonical(ours.get(key))) {
      return `the change ${key} is not the one the config calls for`;
    }
  }
  const parts = ['operations', 'summary', 'managed', 'safety', 'globs', 'groups'] as const;
  for (const part of parts) {
    if (canonical(saved[part]) !== canonical(planned[part])) {
      return `its ${part} differ from the config's`;
    }
  }
  if (saved.state_digest !== planned.state_digest) return 'its state_digest differs';
  return undefined;
}

/** JSON with the keys of every object sorted: the order a file was written in does not count. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
