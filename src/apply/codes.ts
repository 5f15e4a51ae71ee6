/**
 * Stable diagnostic codes of a saved plan that `apply --plan` refuses (continuing the
 * plan-file codes FR461–FR463 of src/plan/codes.ts). Documented in docs/apply.md.
 */
export const APPLY_CODES = {
  /** The plan file cannot be read. */
  unreadable: 'FR464',
  /** The plan was made against another server. */
  otherServer: 'FR465',
  /** The plan was made for another API user. */
  otherApiUser: 'FR466',
  /** The operations (or summary) do not follow from the changes: the file was edited. */
  tampered: 'FR467',
} as const;
