import type { Diagnostic } from '../../diagnostics/index.js';
import { isNegated } from '../../model/glob.js';
import { listGrants, ownerText, projectsOf, type ConfigRule } from './rule.js';

/**
 * FR314 (error): a pattern starts with `!`. Negation is not part of the glob rule
 * (model/glob.ts) anywhere: `ignore_users: ['!svc-*']` would otherwise read as "ignore
 * everyone but the service accounts", and a project list as "every project but".
 */
export const negatedPatternRule: ConfigRule = {
  code: 'FR314',
  name: 'negated-pattern',
  check: (documents) => {
    const diagnostics: Diagnostic[] = [];
    for (const document of documents) {
      (document.data.settings?.ignore_users ?? []).forEach((pattern, index) => {
        if (!isNegated(pattern)) return;
        diagnostics.push({
          severity: 'error',
          code: 'FR314',
          summary: `'${pattern}' in settings.ignore_users starts with '!': negation is not supported`,
          hint: "list the users to ignore, by name or glob (such as 'svc-*'); a leading '!' never means 'all but'",
          source: document.locate(['settings', 'ignore_users', index]),
        });
      });
    }
    const grants = listGrants(documents);
    for (let i = 0; i < grants.length; i += 1) {
      const grant = grants[i]!;
      const scope = grant.scope;
      const inList = Array.isArray(scope);
      const projects = projectsOf(scope);
      for (let index = 0; index < projects.length; index += 1) {
        const pattern = projects[index]!;
        if (!isNegated(pattern)) continue;
        diagnostics.push({
          severity: 'error',
          code: 'FR314',
          summary: `project '${pattern}' of role '${grant.role}' of ${ownerText(grant.owner)} starts with '!': negation is not supported`,
          hint: "list the projects, by name or glob (such as 'show_*'), or write all-open; a leading '!' never means 'all but'",
          source: grant.document.locate([...grant.path, ...(inList ? [] : ['projects']), index]),
        });
      }
    }
    return diagnostics;
  },
};
