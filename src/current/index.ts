export type * from './types.js';
export {
  CURRENT_STATE_QUERIES,
  fetchCurrentState,
  startCurrentStateRead,
  type CurrentStateRead,
  type FetchCurrentStateOptions,
  type FetchProgress,
  type StateSource,
} from './fetch-current-state.js';
export { indexCurrentState, type CurrentStateIndex } from './state-index.js';
export { canonicalState, computeStateDigest } from './digest.js';
