/**
 * ftrack-roles as a library (docs/api.md): the commands as plain async functions that take
 * options and return the models the CLI prints with `--format json`. They never write to
 * stdout or stderr, read the environment or exit: the CLI (src/cli) is one of their users.
 * Failures are typed errors (FtrackRolesError and its subclasses); none holds the API key.
 */
export { validate } from './validate.js';
export { plan, type PlanOutcome } from './plan.js';
export { drift, explain } from './audit.js';
export { exportState, exportFiles } from './export.js';
export { apply } from './apply.js';
export type { ApplyEvents, ApplyOptions, ApplyResult, Confirmation, PlanCall } from './apply.js';
export { DEFAULT_TIMEOUT_SECONDS } from './options.js';
export type {
  ConfigOptions,
  Connection,
  ConnectionOptions,
  ProgressEvents,
  ServerOptions,
} from './options.js';
export {
  AuthenticationError,
  ConfigError,
  FtrackRolesError,
  InternalError,
  MalformedResponseError,
  NetworkError,
  PermissionDeniedError,
  SafetyError,
  ServerCallError,
  ServerError,
  ServerValidationError,
  StalePlanError,
  UnknownOutcomeError,
  UnreviewedPlanError,
  UsageError,
  VerificationError,
} from '../diagnostics/index.js';
export type { Diagnostic, Severity } from '../diagnostics/index.js';
export { DeclinedError } from '../pipeline/apply-types.js';
export type { AuditOutcome } from '../apply/index.js';
export type { Plan, PlanChange } from '../plan/index.js';
export type { DiagnosticJson, DiagnosticsJson, ExportSplit } from '../render/index.js';
export type { DriftReport, ExportModel, ExportedFile, Explanation } from '../report/index.js';
export type { FetchProgress } from '../current/index.js';
