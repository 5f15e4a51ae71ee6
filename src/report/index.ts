/**
 * The report stage: the versioned models of the read-only commands, built from a plan and
 * the states (pure): the drift report (`drift`), the explanations (`explain`) and the
 * export model (`export`). Their views are in src/render.
 */
export * from './drift-types.js';
export { buildDriftReport } from './drift.js';
export * from './explain-types.js';
export { explainUser } from './explain-user.js';
export { explainProject } from './explain-project.js';
export type * from './export-types.js';
export { collectExport } from './export.js';
export type * from './doctor-types.js';
export { DOCTOR_CHECKS } from './doctor-types.js';
export { buildDoctorReport } from './doctor.js';
export { checkRoute, checkServerUrl } from './doctor-url.js';
export { checkFirstAnswer, checkServerInformation } from './doctor-connection.js';
export { checkSchema, usedAttributes } from './doctor-schema.js';
export { checkCollation, checkPermission } from './doctor-access.js';
export {
  checkPageSize,
  checkRoundTrip,
  checkWorkers,
  median,
  type PageSeen,
  type PageTableSeen,
  type WorkersSeen,
} from './doctor-limits.js';
export { BODY_SIZES, checkBodySize, checkRateLimit } from './doctor-requests.js';
export type { BodyStepSeen, RateSeen } from './doctor-requests.js';
export { checkClock, type ClockSeen } from './doctor-clock.js';
export { unknowableChecks } from './doctor-unknowns.js';
