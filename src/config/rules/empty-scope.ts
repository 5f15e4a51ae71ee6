import type { ScopeV1 } from '../../model/document.js';
import { listGrants, ownerText, type ConfigRule } from './rule.js';

/** True when a scope reaches no project: `[]`, `{}`, `{ all_open: false, projects: [] }`. */
export function isEmptyScope(scope: ScopeV1): boolean {
  if (scope === 'all-open') return false;
  if (Array.isArray(scope)) return scope.length === 0;
  return scope.all_open !== true && (scope.projects ?? []).length === 0;
}

/**
 * `{ all_open: false, projects: [] }` with both keys written: a role held on no project on
 * purpose (what `export` writes for it), not a list left empty by mistake.
 */
export function isExplicitlyEmpty(scope: ScopeV1): boolean {
  return (
    typeof scope === 'object' &&
    !Array.isArray(scope) &&
    scope.all_open === false &&
    Array.isArray(scope.projects) &&
    scope.projects.length === 0
  );
}

/**
 * FR308 (warning): a role granted on no project at all, written `[]` or `{}` (which looks
 * like a list not filled in); the explicit `{ all_open: false, projects: [] }` is silent.
 */
export const emptyScopeRule: ConfigRule = {
  code: 'FR308',
  name: 'empty-scope',
  check: (documents) =>
    listGrants(documents)
      .filter((grant) => isEmptyScope(grant.scope) && !isExplicitlyEmpty(grant.scope))
      .map((grant) => ({
        severity: 'warning',
        code: 'FR308',
        summary: `role '${grant.role}' of ${ownerText(grant.owner)} has an empty scope: it is held on no project`,
        hint: `name the projects (or all-open); to take '${grant.role}' away, delete this line; to hold it on no project, write { all_open: false, projects: [] }`,
        source: grant.document.locate(grant.path, 'value'),
      })),
};
