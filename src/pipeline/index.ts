/**
 * The pipeline: the compositions of the stages that the commands run, as plain functions
 * that take the inputs (paths, clock, a way to open the session) and report through
 * events; they return values and throw typed errors. No process, environment or stream:
 * the CLI (src/cli) turns options into one call here, renders the result and maps the
 * outcome to an exit code. Bench and tests call these directly.
 */
export type { ConfigEvents, PlanEvents, ReadEvents } from './events.js';
export { startReads, readCurrentState } from './reads.js';
export {
  buildDesiredSteps,
  checkConfigFiles,
  desiredFromTexts,
  loadDesiredState,
  type CheckedConfigFiles,
  type LoadedDesiredState,
} from './load-desired.js';
export { planConfig, type PlanConfigInput, type PlannedConfig } from './plan-config.js';
export {
  explainAccess,
  readAuditInputs,
  reportDrift,
  type AuditInput,
  type AuditInputs,
  type ExplainSubject,
} from './audit.js';
export {
  applyWorkflow,
  DeclinedError,
  type ApplyEvents,
  type ApplyInput,
  type ApplyOutcome,
  type ApplySource,
  type AuditTarget,
  type Confirmation,
} from './apply.js';
export { exportAccess, type ExportInput } from './export.js';
export { writeExportFiles, type WrittenExport } from './export-files.js';
export { pullCatalog } from './catalog.js';
export { checkWithCatalog, validateFiles, type ValidateInput } from './validate.js';
