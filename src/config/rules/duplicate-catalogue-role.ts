import { findCrossFileDuplicates, namesOf, type ConfigRule } from './rule.js';

/** FR304: a role of the catalogue is described in two files. */
export const duplicateCatalogueRoleRule: ConfigRule = {
  code: 'FR304',
  name: 'duplicate-catalogue-role',
  check: (documents) =>
    findCrossFileDuplicates(
      documents,
      (document) => namesOf(document.data.roles),
      (name) => ['roles', name],
      (name, firstAt) => ({
        code: 'FR304',
        summary: `role '${name}' is in the role catalogue of two files`,
        detail: `first described at ${firstAt}`,
        hint: 'describe each role once',
      }),
    ),
};
