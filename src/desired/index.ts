/**
 * The desired stage: validated documents → the desired state (pure): users with their
 * roles, each grant with the sources (file:line:col, group) asking for it; groups, the role
 * catalogue and the settings. Knows nothing of the server: project globs and ftrack groups
 * are resolved at plan time.
 */
export { DesiredStateBuilder } from './build-desired-state.js';
export { hasEndingGrants } from './ending-grants.js';
export * from './types.js';
