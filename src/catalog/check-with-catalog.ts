import { dropExpiredGrants } from '../plan/expiry.js';
import type { DesiredState } from '../desired/types.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { resolveDesiredState } from '../plan/index.js';
import { catalogToCurrentState } from './catalog-state.js';
import type { Catalog } from './types.js';

/**
 * The plan-time name checks, offline: resolves the desired state (without the grants that
 * have ended) against a catalogue with the planner's own resolver, so the diagnostics are
 * the same as `plan`'s (FR401–FR408: unknown users, roles, projects and ftrack groups with
 * "did you mean", API roles, ASSIGNED roles on private projects, globs matching nothing,
 * inactive users).
 */
export function checkWithCatalog(desired: DesiredState, catalog: Catalog, now: Date): Diagnostic[] {
  const live = dropExpiredGrants(desired, now).desired;
  return resolveDesiredState(live, catalogToCurrentState(catalog)).diagnostics;
}
