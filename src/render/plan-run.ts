import { sortDiagnostics, type Diagnostic } from '../diagnostics/index.js';
import type { Plan } from '../plan/types.js';

/**
 * One run of `plan` as the CI views show it (`plan --format github|markdown|codequality`):
 * the plan when there is one, every diagnostic of the run (the config's, the plan-time
 * ones, the safety refusals) and, when the run failed, why. A failed run is still a
 * document, so that a job can post it where the reviewer looks.
 */
export interface PlanRun {
  /** The plan; null when the run failed before there was one. */
  plan: Plan | null;
  /** Every diagnostic of the run, sorted (sortDiagnostics). */
  diagnostics: readonly Diagnostic[];
  /**
   * The config files read, relative to the working directory; when the run failed before
   * any was known, the paths given on the command line.
   */
  files: readonly string[];
  /** Why the run failed, or null. A refused run has its plan. */
  failure: PlanRunFailure | null;
}

export interface PlanRunFailure {
  /** `refused`: a safety rule refuses the plan (exit 3); `error`: anything else (exit 1). */
  kind: 'refused' | 'error';
  /** The error's message, as the CLI prints it on stderr. */
  message: string;
}

/** The title of the outcome annotation and the check name of a failure with no diagnostic. */
export const PLAN_RUN_TITLE = 'ftrack-roles plan';

/** A plan as a successful run: its warnings as diagnostics (a saved plan, the plan view). */
export function planRunOf(plan: Plan): PlanRun {
  const diagnostics = plan.warnings.map((w): Diagnostic => {
    const source = w.source === undefined ? undefined : parseSource(w.source);
    return {
      severity: 'warning',
      code: w.code,
      summary: w.summary,
      ...(w.hint === undefined ? {} : { hint: w.hint }),
      ...(source === undefined ? {} : { source }),
    };
  });
  const files = [...new Set(diagnostics.flatMap((d) => (d.source ? [d.source.file] : [])))];
  return { plan, diagnostics: sortDiagnostics(diagnostics), files, failure: null };
}

/** `file:line:col`, optionally followed by ` (group NAME)` (formatSource), back to its parts. */
function parseSource(text: string): Diagnostic['source'] {
  const match = /^(.+?):(\d+):(\d+)(?: \(group .*\))?$/s.exec(text);
  if (match === null) return undefined;
  return { file: match[1]!, line: Number(match[2]), col: Number(match[3]) };
}
