import type { ScopeV1 } from '../types.js';
import { listGrants, ownerText, type ConfigRule } from './rule.js';

/** True when a scope reaches no project: `[]`, `{}`, `{ all_open: false, projects: [] }`. */
export function isEmptyScope(scope: ScopeV1): boolean {
  if (scope === 'all-open') return false;
  if (Array.isArray(scope)) return scope.length === 0;
  return scope.all_open !== true && (scope.projects ?? []).length === 0;
}

/** FR308 (warning): a role granted on no project at all. */
export const emptyScopeRule: ConfigRule = {
  code: 'FR308',
  name: 'empty-scope',
  check: (documents) =>
    listGrants(documents)
      .filter((grant) => isEmptyScope(grant.scope))
      .map((grant) => ({
        severity: 'warning',
        code: 'FR308',
        summary: `role '${grant.role}' of ${ownerText(grant.owner)} has an empty scope: it is held on no project`,
        hint: `name the projects (or all-open); to take '${grant.role}' away, delete this line`,
        source: grant.document.locate(grant.path, 'value'),
      })),
};
