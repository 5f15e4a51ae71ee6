export { applyPlan, type ApplySession } from './apply-plan.js';
export { buildAuditEntry, ciFromEnv, type AuditOutcome } from './audit-log.js';
export { AuditTrail, type AuditTarget } from './audit-trail.js';
export { findPendingAttempts, judgePendingAttempt } from './audit-recovery.js';
export { checkPlanOperations, rebuildOperations } from './check-plan-operations.js';
export { APPLY_CODES } from './codes.js';
export { operationNamer } from './describe.js';
export { splitPlan, type PlanCall } from './plan-calls.js';
export { findPlanDifference } from './compare-plans.js';
export {
  checkPlanApiUser,
  checkPlanServer,
  comparableUrl,
  readPlanFile,
} from './read-plan-file.js';
export { findRejectedOperation } from './rejected-operation.js';
export { assertPlanFresh, findStaleness } from './stale-check.js';
export { readTouchedState } from './touched-state.js';
export { findResidualDifferences, judgeBatchEffect } from './verify.js';
