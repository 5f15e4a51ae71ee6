/**
 * Stable diagnostic codes of the plan stage (documented in docs/plan-format.md).
 * FR40x: resolving the config against the server; FR45x: safety rules; FR46x: plan files.
 */
export const PLAN_CODES = {
  unknownUser: 'FR401',
  unknownRole: 'FR402',
  unknownProject: 'FR403',
  globMatchesNothing: 'FR404',
  apiRoleGiven: 'FR405',
  assignedRoleOnPrivateProject: 'FR406',
  inactiveUser: 'FR407',
  unknownFtrackGroup: 'FR408',
  retiredRoleGranted: 'FR409',
  ambiguousFtrackGroup: 'FR410',
  unknownProtectedRole: 'FR411',
  globLeavesOutPrivate: 'FR412',
  lookAlikeName: 'FR413',
  undeclaredHolders: 'FR414',
  largePlan: 'FR415',
  tooManyRemovals: 'FR451',
  apiUserLosesAccess: 'FR452',
  protectedRoleBelowMinimum: 'FR453',
  protectedRoleAlreadyBelowMinimum: 'FR454',
} as const;

/** Codes of a saved plan file that cannot be used. */
export const PLAN_FILE_CODES = {
  notJson: 'FR461',
  unsupportedVersion: 'FR462',
  invalid: 'FR463',
} as const;
