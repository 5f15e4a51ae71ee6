import { compareStrings, type Scope } from '../model/index.js';

/**
 * Scopes in the planner. The canonical form: when a role is on all open projects, an
 * explicit grant of an open project adds no access (and a strict server refuses to make
 * one), so such grants are ignored when comparing scopes, never added, never revoked.
 * Private projects are reachable only through explicit grants and always count.
 */

/** Drops the open projects of an all-open scope (they add no access). */
export function canonicalScope(scope: Scope, isOpen: (project: string) => boolean): Scope {
  if (!scope.all_open) return scope;
  return { all_open: true, projects: scope.projects.filter((p) => !isOpen(p)) };
}

/** True when two scopes give the same access (compared in canonical form). */
export function sameAccess(
  a: Scope | null,
  b: Scope | null,
  isOpen: (project: string) => boolean,
): boolean {
  if (a === null || b === null) return a === b;
  const x = canonicalScope(a, isOpen);
  const y = canonicalScope(b, isOpen);
  return x.all_open === y.all_open && x.projects.join('\u0000') === y.projects.join('\u0000');
}

/** A sorted scope without duplicate projects. */
export function makeScope(allOpen: boolean, projects: Iterable<string>): Scope {
  const list = Array.isArray(projects) ? (projects as string[]) : [...projects];
  for (let i = 1; i < list.length; i++) {
    if (compareStrings(list[i - 1]!, list[i]!) >= 0) {
      return { all_open: allOpen, projects: [...new Set(list)].sort(compareStrings) };
    }
  }
  return { all_open: allOpen, projects: list === projects ? [...list] : list };
}

/**
 * Access lost going from `before` to `after`: 1 for a removed role, else 1 for a revoked
 * all-open plus 1 per revoked project (the unit counted against `max_removals`).
 */
export function countRemovals(before: Scope | null, after: Scope | null): number {
  if (before === null) return 0;
  if (after === null) return 1;
  const kept = new Set(after.projects);
  const revokedAllOpen = before.all_open && !after.all_open ? 1 : 0;
  return revokedAllOpen + before.projects.filter((p) => !kept.has(p)).length;
}
