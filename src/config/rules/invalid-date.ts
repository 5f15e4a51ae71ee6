import type { Diagnostic } from '../../diagnostics/index.js';
import { parseDay } from '../../model/dates.js';
import { invalidDate } from '../schema-messages.js';
import { listGrants, type ConfigRule } from './rule.js';

/** FR211 (error): `until` has the shape YYYY-MM-DD but is no calendar date (2026-02-30). */
export const invalidDateRule: ConfigRule = {
  code: 'FR211',
  name: 'invalid-date',
  check: (documents) => {
    const diagnostics: Diagnostic[] = [];
    const grants = listGrants(documents);
    for (let i = 0; i < grants.length; i += 1) {
      const grant = grants[i]!;
      const scope = grant.scope;
      if (typeof scope !== 'object' || Array.isArray(scope) || scope.until === undefined) continue;
      if (parseDay(scope.until) !== undefined) continue;
      const path = [...grant.path, 'until'];
      const message = invalidDate(path, scope.until);
      diagnostics.push({
        severity: 'error',
        code: message.code,
        summary: message.summary.replace('expected YYYY-MM-DD', 'no such day in the calendar'),
        ...(message.hint === undefined ? {} : { hint: message.hint }),
        source: grant.document.locate(path, 'value'),
      });
    }
    return diagnostics;
  },
};
