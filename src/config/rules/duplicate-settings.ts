import { findCrossFileDuplicates, type ConfigRule } from './rule.js';

/** FR302: more than one file carries `settings:` (which one would win is not obvious). */
export const duplicateSettingsRule: ConfigRule = {
  code: 'FR302',
  name: 'duplicate-settings',
  check: (documents) =>
    findCrossFileDuplicates(
      documents,
      (document) => (document.data.settings === undefined ? [] : ['settings']),
      () => ['settings'],
      (_name, firstAt) => ({
        code: 'FR302',
        summary: 'settings are given in two files',
        detail: `first given at ${firstAt}`,
        hint: 'keep one settings block for the whole config (e.g. in settings.yaml)',
      }),
    ),
};
