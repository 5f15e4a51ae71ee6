export {
  applyPlan,
  type ApplyOptions,
  type ApplyOutcome,
  type ApplyResult,
  type ApplySession,
} from './apply-plan.js';
export {
  appendAuditLog,
  buildAuditEntry,
  ciFromEnv,
  DEFAULT_AUDIT_LOG,
  type AuditCi,
  type AuditEntry,
  type AuditInput,
  type AuditOutcome,
} from './audit-log.js';
export { AuditTrail } from './audit-trail.js';
export { checkPlanOperations, rebuildOperations } from './check-plan-operations.js';
export { APPLY_CODES } from './codes.js';
export { checkSavedPlan } from './check-saved-plan.js';
export { describeOperation } from './describe.js';
export {
  checkPlanApiUser,
  checkPlanServer,
  comparableUrl,
  planFileError,
  readPlanFile,
} from './read-plan-file.js';
export { findRejectedOperation, type RejectedOperation } from './rejected-operation.js';
export { managedUsersNow, planStateDigest } from './plan-state.js';
export { assertPlanFresh, findStaleness } from './stale-check.js';
export { findResidualDifferences, judgeBatchEffect, type BatchEffect } from './verify.js';
