import type { Diagnostic } from '../../diagnostics/index.js';
import { globMatcher, matchingGlobs } from '../../model/glob.js';
import { entriesOf, membersList, namesOf, type ConfigRule } from './rule.js';

/** FR307: a user declared under `users:` or listed as a group member matches `ignore_users`. */
export const ignoredUserRule: ConfigRule = {
  code: 'FR307',
  name: 'ignored-user',
  check: (documents) => {
    const globs = documents.flatMap((d) => d.data.settings?.ignore_users ?? []);
    if (globs.length === 0) return [];
    const ignored = globMatcher(globs);
    const diagnostics: Diagnostic[] = [];
    const report = (name: string, where: string): Omit<Diagnostic, 'source'> => ({
      severity: 'error',
      code: 'FR307',
      summary: `user '${name}' ${where} but matches ignore_users ('${matchingGlobs(name, globs).join("', '")}')`,
      hint: `ignored users are never changed: remove '${name}' here, or narrow settings.ignore_users`,
    });
    for (const document of documents) {
      const names = namesOf(document.data.users);
      for (let i = 0; i < names.length; i += 1) {
        const name = names[i]!;
        if (!ignored(name)) continue;
        diagnostics.push({
          ...report(name, 'is declared'),
          source: document.locate(['users', name], 'key'),
        });
      }
      for (const [group, entry] of entriesOf(document.data.groups)) {
        membersList(entry.members).forEach((member, index) => {
          if (!ignored(member)) return;
          diagnostics.push({
            ...report(member, `is a member of group '${group}'`),
            source: document.locate(['groups', group, 'members', index]),
          });
        });
      }
    }
    return diagnostics;
  },
};
