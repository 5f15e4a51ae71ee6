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
