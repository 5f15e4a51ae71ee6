export * from './types.js';
export { PLAN_CODES } from './codes.js';
export {
  completePlan,
  planChanges,
  preparePlan,
  summarizeChanges,
  type PlanResult,
} from './plan-changes.js';
export { resolveDesiredState } from './resolve.js';
export {
  isIgnoredUser,
  isServiceAccount,
  selectManagedUsers,
  type ManagedRule,
} from './managed.js';
export { assertPlanSafe } from './guards.js';
export { pairSwaps } from './diff-user.js';
export { buildOperations, type Transition } from './operations.js';
export { canonicalScope, makeScope, sameAccess } from './scope.js';
export { collectDesiredUsers } from './desired-users.js';
export { indexForPlan } from './current-index.js';
export { expandProjectGlob } from './resolve-projects.js';
export { loadPlanSchema, parsePlan, PLAN_SCHEMA_ID } from './plan-file.js';
export { PLAN_FILE_CODES } from './codes.js';
export { dropExpiredGrants } from './expiry.js';
export { canonicalState, computeStateDigest } from './state-digest.js';
export { changesDigest, changesMissingFrom } from './changes-digest.js';
