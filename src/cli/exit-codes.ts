import {
  ConfigError,
  FtrackRolesError,
  SafetyError,
  StalePlanError,
} from '../diagnostics/index.js';

/** The exit codes of the product spec, section 3. */
export const EXIT = {
  ok: 0,
  error: 1,
  changes: 2,
  refused: 3,
  stale: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The one place that turns an outcome into an exit code. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof SafetyError) return EXIT.refused;
  if (error instanceof StalePlanError) return EXIT.stale;
  if (error instanceof ConfigError) return EXIT.error;
  if (error instanceof FtrackRolesError) return EXIT.error;
  return EXIT.error;
}
