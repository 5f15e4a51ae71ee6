import { findCrossFileDuplicates, namesOf, type ConfigRule } from './rule.js';

/** FR301: a user is declared under `users:` in two files (their entries would silently merge). */
export const duplicateUserRule: ConfigRule = {
  code: 'FR301',
  name: 'duplicate-user',
  check: (documents) =>
    findCrossFileDuplicates(
      documents,
      (document) => namesOf(document.data.users),
      (name) => ['users', name],
      (name, firstAt) => ({
        code: 'FR301',
        summary: `user '${name}' is declared in two files`,
        detail: `first declared at ${firstAt}`,
        hint: 'keep one entry per user: merge the two entries into one file',
      }),
    ),
};
