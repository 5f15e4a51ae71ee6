import { explainAccess, reportDrift } from '../pipeline/audit.js';
import type { DriftReport, Explanation } from '../report/index.js';
import { configOf, sessionOpener } from './open.js';
import type { ServerOptions } from './options.js';

/**
 * `drift`: how the server differs from the config, each difference classified. Returns the
 * model `drift --format json` prints (`in_sync` is false when they differ).
 */
export async function drift(options: ServerOptions): Promise<DriftReport> {
  return reportDrift(
    { ...configOf(options), connect: sessionOpener(options.connection) },
    options.events,
  );
}

/**
 * `explain`: a user's roles, or a project's holders, desired and current, with the file and
 * line of each. Returns the model `explain --format json` prints. A name neither the server
 * nor the config knows throws a UsageError with "did you mean".
 */
export async function explain(
  options: ServerOptions & ({ user: string; project?: never } | { project: string; user?: never }),
): Promise<Explanation> {
  return explainAccess(
    { ...configOf(options), connect: sessionOpener(options.connection) },
    options.user !== undefined ? { user: options.user } : { project: options.project },
    options.events,
  );
}
