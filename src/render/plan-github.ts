import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/index.js';
import type { Plan } from '../plan/types.js';
import { githubAnnotation, renderDiagnosticsGithub } from './diagnostics.js';
import type { Renderer } from './options.js';
import { PLAN_RUN_TITLE, planRunOf, type PlanRun } from './plan-run.js';
import { renderPlanText } from './plan-text.js';
import { summaryLine } from './plan-words.js';

/**
 * `plan --format github`: a run of `plan` in a GitHub Actions job log (docs/plan-format.md).
 *
 * 1. Every diagnostic of the run as a workflow command (`::error file=…,line=…,col=…,
 *    title=CODE::message`, as `validate --format github`), then their count: GitHub shows
 *    them as annotations at the file and line.
 * 2. The text plan in a collapsed group titled with its summary line. Workflow commands are
 *    stopped around it (`::stop-commands::`), so that no name in it can act as one; the
 *    token is a hash of the text, which the text cannot contain.
 * 3. One last annotation with the outcome: a notice with the summary line, or an error with
 *    why the run failed (refused by a safety rule, or no plan at all).
 */
export const renderPlanRunGithub: Renderer<PlanRun> = (run, options) => {
  const lines: string[] = [];
  if (run.diagnostics.length > 0) lines.push(renderDiagnosticsGithub(run, options).trimEnd());
  if (run.plan !== null) lines.push(...planGroup(run.plan));
  const outcome = outcomeOf(run);
  if (outcome !== undefined) lines.push(githubAnnotation(outcome));
  return `${lines.join('\n')}\n`;
};

/** The GitHub view of a plan alone (a saved plan): its warnings, the plan, the summary. */
export const renderPlanGithub: Renderer<Plan> = (plan, options) =>
  renderPlanRunGithub(planRunOf(plan), options);

function planGroup(plan: Plan): string[] {
  const text = renderPlanText(plan).trimEnd();
  const token = createHash('sha256').update(text).digest('hex');
  return [
    `::group::${summaryLine(plan)}`,
    `::stop-commands::${token}`,
    text,
    `::${token}::`,
    '::endgroup::',
  ];
}

function outcomeOf({ plan, failure }: PlanRun): Diagnostic | undefined {
  if (failure !== null) {
    return {
      severity: 'error',
      code: PLAN_RUN_TITLE,
      summary: failure.message,
      ...(plan === null ? {} : { detail: summaryLine(plan) }),
    };
  }
  if (plan === null) return undefined;
  return { severity: 'info', code: PLAN_RUN_TITLE, summary: summaryLine(plan) };
}
