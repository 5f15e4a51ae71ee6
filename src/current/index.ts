/**
 * The current stage: the server's state as read through a session (users, projects,
 * security roles, assignments, ftrack groups), and its offline stand-in, the catalogue
 * file of `catalog pull` (names only) that `validate --catalog` checks against.
 */
export type * from './types.js';
export {
  CURRENT_STATE_QUERIES,
  fetchCurrentState,
  type CurrentStateRead,
  type FetchProgress,
  type StateSource,
} from './fetch-current-state.js';
export { fetchTargetedState } from './fetch-targeted-state.js';
export {
  mergeTargetedState,
  restrictState,
  targetedUserIds,
  type StateTarget,
  type TargetedState,
} from './targeted-state.js';
export * from './catalog-types.js';
export { buildCatalog } from './catalog.js';
export { catalogToCurrentState } from './catalog-state.js';
export { parseCatalog, readCatalogFile } from './catalog-file.js';
