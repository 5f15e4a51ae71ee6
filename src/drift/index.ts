export * from './types.js';
export {
  buildDriftReport,
  classifyChange,
  isClosed,
  type DriftInput,
} from './build-drift-report.js';
export { findDeclaredGaps } from './declared-gaps.js';
export {
  DRIFT_FORMATS,
  renderDrift,
  renderDriftJson,
  renderDriftText,
  type DriftFormat,
  type DriftRenderOptions,
} from './render-drift.js';
export { renderDriftMarkdown, DRIFT_MARKDOWN_MAX_LENGTH } from './render-drift-markdown.js';
export { driftSummaryLine, describeDifference } from './drift-words.js';
