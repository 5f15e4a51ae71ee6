import { createHash } from 'node:crypto';
import {
  hasErrors,
  type Diagnostic,
  type DiagnosticsReport,
  type Severity,
} from '../diagnostics/index.js';
import { PLAN_CODES } from '../plan/codes.js';
import type { Plan } from '../plan/types.js';
import type { Renderer } from './options.js';
import { PLAN_RUN_TITLE, planRunOf, type PlanRun } from './plan-run.js';

/**
 * GitLab's Code Quality report (`--format codequality`, docs/format.md): a JSON array of
 * issues that GitLab shows in the merge request's widget and diff, in the documented
 * subset of the Code Climate format:
 * https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
 */
export interface CodeQualityIssue {
  /** The summary, then the detail and the hint, each on its own line. */
  description: string;
  /** The diagnostic's code (`FR401`), or `ftrack-roles plan` for a failure without one. */
  check_name: string;
  /** Stable across runs: a SHA-256 of the code, file, line and summary. */
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

const SEVERITY = { error: 'major', warning: 'minor', info: 'info' } as const;
/** A refusing safety rule blocks the apply: one step above other errors. */
const SAFETY_CODES: ReadonlySet<string> = new Set([
  PLAN_CODES.tooManyRemovals,
  PLAN_CODES.apiUserLosesAccess,
  PLAN_CODES.protectedRoleBelowMinimum,
  PLAN_CODES.protectedRoleAlreadyBelowMinimum,
]);

/**
 * The issues of some diagnostics. One about no file (say, the API user's lock-out) is put
 * on line 1 of `fallbackPath` (the first config file), since GitLab needs a location.
 * Issues with the same fingerprint are reported once.
 */
export function codeQualityIssues(
  diagnostics: readonly Diagnostic[],
  fallbackPath: string,
): CodeQualityIssue[] {
  const seen = new Set<string>();
  const issues: CodeQualityIssue[] = [];
  for (const d of diagnostics) {
    const path = repositoryPath(d.source?.file ?? fallbackPath);
    const line = d.source?.line ?? 1;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([d.code, path, line, d.summary]))
      .digest('hex');
    if (seen.has(fingerprint)) continue;
    seen.add(fingerprint);
    issues.push({
      description: [d.summary, d.detail, d.hint === undefined ? undefined : `Hint: ${d.hint}`]
        .filter((part): part is string => part !== undefined)
        .join('\n'),
      check_name: d.code,
      fingerprint,
      severity: severityOf(d.severity, d.code),
      location: { path, lines: { begin: line } },
    });
  }
  return issues;
}

/** `validate --format codequality`. */
export const renderDiagnosticsCodequality: Renderer<DiagnosticsReport> = ({ diagnostics, files }) =>
  json(codeQualityIssues(diagnostics, files[0] ?? '.'));

/**
 * `plan --format codequality`: the run's diagnostics; a run that failed without any error
 * diagnostic (the server unreachable, a wrong key) is one issue with its message, so the
 * widget does not show a failed plan as clean.
 */
export const renderPlanRunCodequality: Renderer<PlanRun> = (run) => {
  const diagnostics = [...run.diagnostics];
  if (run.failure !== null && !hasErrors(diagnostics)) {
    diagnostics.push({ severity: 'error', code: PLAN_RUN_TITLE, summary: run.failure.message });
  }
  return json(codeQualityIssues(diagnostics, run.files[0] ?? '.'));
};

/** The Code Quality view of a plan alone (a saved plan): its warnings. */
export const renderPlanCodequality: Renderer<Plan> = (plan, options) =>
  renderPlanRunCodequality(planRunOf(plan), options);

function severityOf(severity: Severity, code: string): CodeQualityIssue['severity'] {
  return severity === 'error' && SAFETY_CODES.has(code) ? 'critical' : SEVERITY[severity];
}

/** A path as GitLab matches it against the repository: forward slashes, no leading `./`. */
function repositoryPath(file: string): string {
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

function json(issues: CodeQualityIssue[]): string {
  return `${JSON.stringify(issues, null, 2)}\n`;
}
