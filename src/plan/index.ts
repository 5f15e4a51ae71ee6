export * from './types.js';
export { PLAN_CODES } from './codes.js';
export {
  completePlan,
  planChanges,
  preparePlan,
  summarizeChanges,
  type PlanInput,
  type PlanResult,
  type PreparedPlan,
  type PreparePlanInput,
} from './plan-changes.js';
export {
  resolveDesiredState,
  type ResolvedDesired,
  type ResolvedGrant,
  type ResolvedUser,
} from './resolve.js';
export { isIgnoredUser, selectManagedUsers, type ManagedRule } from './managed.js';
export { assertPlanSafe, checkPlanSafety, type SafetyOptions } from './guards.js';
export { pairSwaps } from './diff-user.js';
export { buildOperations, type Swap, type Transition } from './operations.js';
export { canonicalScope, countRemovals, makeScope, sameAccess } from './scope.js';
export { collectDesiredUsers } from './desired-users.js';
export { indexForPlan, type PlanIndex } from './current-index.js';
export { loadPlanSchema, parsePlan, PLAN_SCHEMA_ID } from './plan-file.js';
export { PLAN_FILE_CODES } from './codes.js';
export {
  dropExpiredGrants,
  EXPIRY_CODES,
  findExpiryDiagnostics,
  hasExpired,
  type ExpiredGrant,
} from './expiry.js';
export { canonicalState, computeStateDigest } from './state-digest.js';
