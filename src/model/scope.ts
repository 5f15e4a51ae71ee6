import { unambiguous } from './confusable.js';
import type { ProjectName } from './names.js';

/** The reach of one (user, role) pair: all open projects and/or named projects. */
export interface Scope {
  all_open: boolean;
  /** Project names, sorted, without duplicates. */
  projects: ProjectName[];
}

/** True when two scopes grant exactly the same access. */
export function scopesEqual(a: Scope | null, b: Scope | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.all_open !== b.all_open || a.projects.length !== b.projects.length) return false;
  return a.projects.every((p, i) => p === b.projects[i]);
}

/** How every output names all open projects. */
export const ALL_OPEN_WORDS = 'all open projects';

/**
 * A scope in words, the same in every output and message: `all open projects`,
 * `all open projects + falcon`, `nebula, harbor`, `no projects`, or `not held` (null).
 */
export function describeScope(scope: Scope | null): string {
  if (scope === null) return 'not held';
  const projects = scope.projects.map(unambiguous).join(', ');
  if (scope.all_open) return projects === '' ? ALL_OPEN_WORDS : `${ALL_OPEN_WORDS} + ${projects}`;
  return projects === '' ? 'no projects' : projects;
}
