import { catalogToCurrentState, readCatalogFile, type Catalog } from '../current/index.js';
import type { DesiredState } from '../desired/index.js';
import { sortDiagnostics, type Diagnostic, type DiagnosticsReport } from '../diagnostics/index.js';
import { dropExpiredGrants, resolveDesiredState } from '../plan/index.js';
import { loadDesiredState } from './load-desired.js';

export interface ValidateInput {
  paths: readonly string[];
  cwd: string;
  /** Today, for the expiry warnings and the grants that have ended. */
  now: Date;
  maxFileBytes?: number;
  /** `--catalog FILE`: also check the names against this catalogue, offline. */
  catalog?: string;
}

/**
 * `validate`: the config's diagnostics, offline (read, parse, schema, rules, expiry
 * warnings) and, with a catalogue, the plan-time name checks against it.
 */
export async function validateFiles(input: ValidateInput): Promise<DiagnosticsReport> {
  const loaded = await loadDesiredState(input.paths, {
    cwd: input.cwd,
    now: input.now,
    ...(input.maxFileBytes === undefined ? {} : { maxFileBytes: input.maxFileBytes }),
  });
  const diagnostics = [...loaded.diagnostics];
  if (input.catalog !== undefined) {
    const read = await readCatalogFile(input.catalog, input.cwd);
    if ('diagnostic' in read) diagnostics.push(read.diagnostic);
    else if (loaded.desired !== undefined) {
      diagnostics.push(...checkWithCatalog(loaded.desired, read.catalog, input.now));
    }
  }
  return { diagnostics: sortDiagnostics(diagnostics), files: loaded.files };
}

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
