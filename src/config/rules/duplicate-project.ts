import type { Diagnostic } from '../../diagnostics/index.js';
import { listGrants, ownerText, type ConfigRule } from './rule.js';

/** FR309 (warning): the same project or glob appears twice in one scope. */
export const duplicateProjectRule: ConfigRule = {
  code: 'FR309',
  name: 'duplicate-project',
  check: (documents) => {
    const diagnostics: Diagnostic[] = [];
    for (const grant of listGrants(documents)) {
      const inList = Array.isArray(grant.scope);
      const projects = Array.isArray(grant.scope)
        ? grant.scope
        : grant.scope === 'all-open'
          ? []
          : (grant.scope.projects ?? []);
      const seen = new Set<string>();
      projects.forEach((project, index) => {
        if (!seen.has(project)) {
          seen.add(project);
          return;
        }
        diagnostics.push({
          severity: 'warning',
          code: 'FR309',
          summary: `project '${project}' is listed twice for role '${grant.role}' of ${ownerText(grant.owner)}`,
          hint: 'remove the repeated entry',
          source: grant.document.locate(
            inList ? [...grant.path, index] : [...grant.path, 'projects', index],
          ),
        });
      });
    }
    return diagnostics;
  },
};
