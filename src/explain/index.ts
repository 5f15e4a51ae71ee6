export * from './types.js';
export { explainUser, type ExplainInput } from './explain-user.js';
export { explainProject } from './explain-project.js';
export { expandGrant, type DesiredParts } from './desired-items.js';
export {
  EXPLAIN_FORMATS,
  renderExplanation,
  renderProjectText,
  renderUserText,
  type ExplainFormat,
  type Explanation,
} from './render-explain.js';
