import { catalogToCurrentState, readCatalogFile, type Catalog } from '../current/index.js';
import { hasEndingGrants, type DesiredState } from '../desired/index.js';
import { sortDiagnostics, type Diagnostic, type DiagnosticsReport } from '../diagnostics/index.js';
import { dropExpiredGrants, resolveDesiredState } from '../plan/index.js';
import { runSteps } from '../model/index.js';
import { findExpiryDiagnostics } from '../plan/expiry.js';
import { buildDesiredSteps, checkConfigFiles } from './load-desired.js';

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
 * warnings) and, with a catalogue, the plan-time name checks against it, also when the
 * files have other errors (on the files that match the schema). The desired state is built
 * only when something needs it: grants with `until:` (their expiry warnings) or a
 * catalogue; without them it would add no diagnostic.
 */
export async function validateFiles(input: ValidateInput): Promise<DiagnosticsReport> {
  const checked = await checkConfigFiles(input.paths, {
    cwd: input.cwd,
    ...(input.maxFileBytes === undefined ? {} : { maxFileBytes: input.maxFileBytes }),
  });
  const diagnostics = [...checked.diagnostics];
  const { documents } = checked;
  const desired =
    documents !== undefined && (input.catalog !== undefined || hasEndingGrants(documents))
      ? runSteps(buildDesiredSteps(documents, checked.configDigest))
      : undefined;
  if (desired !== undefined) diagnostics.push(...findExpiryDiagnostics(desired, input.now));
  if (input.catalog !== undefined) {
    const read = await readCatalogFile(input.catalog, input.cwd);
    if ('diagnostic' in read) diagnostics.push(read.diagnostic);
    else {
      // With errors in the files, the names are checked in every file that matches the
      // schema, so that they are reported with the other errors, not after them.
      const named =
        desired ?? runSteps(buildDesiredSteps([...checked.schemaValid], checked.configDigest));
      diagnostics.push(...checkWithCatalog(named, read.catalog, input.now));
    }
  }
  return { diagnostics: sortDiagnostics(diagnostics), files: checked.files };
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
