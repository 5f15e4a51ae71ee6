/** Codes of a catalogue file that cannot be used (documented in docs/format.md). */
export const CATALOG_CODES = {
  unreadable: 'FR481',
  unsupportedVersion: 'FR482',
  invalid: 'FR483',
} as const;
