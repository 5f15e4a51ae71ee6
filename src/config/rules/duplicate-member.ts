import type { Diagnostic } from '../../diagnostics/index.js';
import { entriesOf, membersList, repeatedItems, type ConfigRule } from './rule.js';

/** FR310 (warning): a user is listed twice in the members of one group. */
export const duplicateMemberRule: ConfigRule = {
  code: 'FR310',
  name: 'duplicate-member',
  check: (documents) => {
    const diagnostics: Diagnostic[] = [];
    for (const document of documents) {
      for (const [group, entry] of entriesOf(document.data.groups)) {
        const members = membersList(entry.members);
        for (const index of repeatedItems(members)) {
          const member = members[index]!;
          diagnostics.push({
            severity: 'warning',
            code: 'FR310',
            summary: `user '${member}' is listed twice in group '${group}'`,
            hint: 'remove the repeated member',
            source: document.locate(['groups', group, 'members', index]),
          });
        }
      }
    }
    return diagnostics;
  },
};
