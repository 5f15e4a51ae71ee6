import type { Diagnostic } from '../../diagnostics/index.js';
import { listGrants, ownerText, projectsOf, repeatedItems, type ConfigRule } from './rule.js';

/** FR309 (warning): the same project or glob appears twice in one scope. */
export const duplicateProjectRule: ConfigRule = {
  code: 'FR309',
  name: 'duplicate-project',
  check: (documents) => {
    const diagnostics: Diagnostic[] = [];
    const grants = listGrants(documents);
    for (let i = 0; i < grants.length; i += 1) {
      const grant = grants[i]!;
      const projects = projectsOf(grant.scope);
      if (projects.length < 2) continue;
      const inList = Array.isArray(grant.scope);
      for (const index of repeatedItems(projects)) {
        const project = projects[index]!;
        diagnostics.push({
          severity: 'warning',
          code: 'FR309',
          summary: `project '${project}' is listed twice for role '${grant.role}' of ${ownerText(grant.owner)}`,
          hint: 'remove the repeated entry',
          source: grant.document.locate(
            inList ? [...grant.path, index] : [...grant.path, 'projects', index],
          ),
        });
      }
    }
    return diagnostics;
  },
};
