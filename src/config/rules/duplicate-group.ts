import { findCrossFileDuplicates, namesOf, type ConfigRule } from './rule.js';

/** FR303: a group is defined in two files. */
export const duplicateGroupRule: ConfigRule = {
  code: 'FR303',
  name: 'duplicate-group',
  check: (documents) =>
    findCrossFileDuplicates(
      documents,
      (document) => namesOf(document.data.groups),
      (name) => ['groups', name],
      (name, firstAt) => ({
        code: 'FR303',
        summary: `group '${name}' is defined in two files`,
        detail: `first defined at ${firstAt}`,
        hint: 'define each group once, or give the second group another name',
      }),
    ),
};
