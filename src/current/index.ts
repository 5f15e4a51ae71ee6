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
