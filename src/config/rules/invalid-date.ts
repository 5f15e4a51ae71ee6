import { parseDay } from '../../model/dates.js';
import { invalidDate } from '../schema-messages.js';
import { listGrants, type ConfigRule } from './rule.js';

/** FR211 (error): `until` has the shape YYYY-MM-DD but is no calendar date (2026-02-30). */
export const invalidDateRule: ConfigRule = {
  code: 'FR211',
  name: 'invalid-date',
  check: (documents) =>
    listGrants(documents).flatMap((grant) => {
      const scope = grant.scope;
      if (typeof scope !== 'object' || Array.isArray(scope) || scope.until === undefined) return [];
      if (parseDay(scope.until) !== undefined) return [];
      const path = [...grant.path, 'until'];
      const message = invalidDate(path, scope.until);
      return [
        {
          severity: 'error' as const,
          code: message.code,
          summary: message.summary.replace('expected YYYY-MM-DD', 'no such day in the calendar'),
          ...(message.hint === undefined ? {} : { hint: message.hint }),
          source: grant.document.locate(path, 'value'),
        },
      ];
    }),
};
