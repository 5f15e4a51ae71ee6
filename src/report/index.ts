/**
 * The report stage: the versioned models of the read-only commands, built from a plan and
 * the states (pure): the drift report (`drift`), the explanations (`explain`) and the
 * export model (`export`). Their views are in src/render.
 */
export * from './drift-types.js';
export { buildDriftReport, classifyChange, isClosed, type DriftInput } from './drift.js';
export { findDeclaredGaps } from './drift-gaps.js';
export * from './explain-types.js';
export { explainUser, type ExplainInput } from './explain-user.js';
export { explainProject } from './explain-project.js';
export { expandGrant, type DesiredParts } from './explain-grant.js';
export type * from './export-types.js';
export { collectExport } from './export.js';
