import type { Diagnostic } from '../../diagnostics/index.js';
import { formatSourceRef } from '../../model/index.js';
import { catalogueOf, listProtected, type ConfigRule } from './rule.js';

/** FR311: a protected role is listed twice, or is retired (so it could never keep holders). */
export const protectedRoleRule: ConfigRule = {
  code: 'FR311',
  name: 'protected-role',
  check: (documents) => {
    const catalogue = catalogueOf(documents);
    const seen = new Map<string, string>();
    const diagnostics: Diagnostic[] = [];
    for (const entry of listProtected(documents)) {
      const source = entry.document.locate(entry.path, 'value');
      const first = seen.get(entry.role);
      if (first !== undefined) {
        diagnostics.push({
          severity: 'error',
          code: 'FR311',
          summary: `role '${entry.role}' is protected twice`,
          detail: `first protected at ${first}`,
          hint: 'keep one entry per protected role',
          source,
        });
      } else if (catalogue.get(entry.role) === true) {
        diagnostics.push({
          severity: 'error',
          code: 'FR311',
          summary: `role '${entry.role}' is both protected and retired`,
          hint: 'a retired role loses all its holders; remove it from settings.protected or un-retire it',
          source,
        });
      }
      seen.set(entry.role, first ?? formatSourceRef(source));
    }
    return diagnostics;
  },
};
