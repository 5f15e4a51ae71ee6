import type { Diagnostic } from '../../diagnostics/index.js';
import { didYouMean } from '../../model/suggest.js';
import { catalogueOf, listGrants, listProtected, ownerText, type ConfigRule } from './rule.js';

/** FR305: a role is granted or protected but missing from a non-empty role catalogue. */
export const unknownRoleRule: ConfigRule = {
  code: 'FR305',
  name: 'unknown-role',
  check: (documents) => {
    const catalogue = catalogueOf(documents);
    if (catalogue.size === 0) return [];
    const names = [...catalogue.keys()];
    const report = (role: string, where: string): Omit<Diagnostic, 'source'> => ({
      severity: 'error',
      code: 'FR305',
      summary: `role '${role}' ${where} is not in the role catalogue${didYouMean(role, names, "'")}`,
      hint: `add '${role}' under 'roles:', or use a role of the catalogue`,
    });
    const diagnostics: Diagnostic[] = [];
    const grants = listGrants(documents);
    for (let i = 0; i < grants.length; i += 1) {
      const grant = grants[i]!;
      if (catalogue.has(grant.role)) continue;
      diagnostics.push({
        ...report(grant.role, `of ${ownerText(grant.owner)}`),
        source: grant.document.locate(grant.path, 'key'),
      });
    }
    for (const entry of listProtected(documents)) {
      if (catalogue.has(entry.role)) continue;
      diagnostics.push({
        ...report(entry.role, 'in settings.protected'),
        source: entry.document.locate(entry.path, 'value'),
      });
    }
    return diagnostics;
  },
};
