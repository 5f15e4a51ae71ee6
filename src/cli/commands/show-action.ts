import { APPLY_CODES } from '../../apply/codes.js';
import { planFileError, readPlanFile } from '../../apply/read-plan-file.js';
import { ConfigError } from '../../diagnostics/index.js';
import {
  summarizeChanges,
  type Plan,
  type PlanChange,
  type PlanSummary,
} from '../../plan/index.js';
import { render } from '../../render/index.js';
import { EXIT } from '../exit-codes.js';
import { useColor, type CliIo } from '../io.js';
import { reportDiagnostics } from '../progress.js';
import type { ShowCliOptions } from './options.js';

/**
 * The action of `ftrack-roles show FILE`, loaded only when the command runs: the saved plan
 * read and checked by apply's reader, rendered by the plan's own views. No session is
 * opened and no connection setting is read.
 */
export async function runShowCommand(
  io: CliIo,
  file: string,
  options: ShowCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const plan = await readShownPlan(io, file);
  const color = options.format === 'text' && useColor(io);
  io.stdout(render('plan', options.format, plan, { color }));
  const warnings = plan.warnings.length;
  if (options.format === 'text' && warnings > 0) {
    io.stderr(
      `The plan was made with ${warnings === 1 ? '1 warning' : `${warnings} warnings`}: --format markdown and --format json list ${warnings === 1 ? 'it' : 'them'}.\n`,
    );
  }
  const pending = plan.summary.changes > 0 && options.detailedExitcode === true;
  setExit(pending ? EXIT.changes : EXIT.ok);
}

/** The plan file as `apply --plan` reads it; what is wrong with it goes to stderr (exit 1). */
async function readShownPlan(io: CliIo, file: string): Promise<Plan> {
  try {
    const plan = await readPlanFile(file, io.cwd);
    checkConsistency(plan, file);
    return plan;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const diagnostics = error.diagnostics.map((d) =>
      d.code === APPLY_CODES.unreadable
        ? { ...d, hint: 'Write it with `ftrack-roles plan --out FILE` and show that path.' }
        : d,
    );
    reportDiagnostics(io, diagnostics, [file]);
    throw new ConfigError(`${file} cannot be shown; nothing was printed on stdout.`, diagnostics);
  }
}

/**
 * What can be checked without a server of a file the views print from: each change's
 * action agrees with its scopes, and the summary counts the changes. An edited file is
 * refused as `apply --plan` refuses it (FR467); apply checks the rest against the server.
 */
function checkConsistency(plan: Plan, file: string): void {
  const problem = inconsistentChange(plan) ?? wrongSummary(plan);
  if (problem === undefined) return;
  throw planFileError(
    file,
    APPLY_CODES.tampered,
    `The plan file was modified: ${problem}`,
    'Do not edit plan files; plan again with `ftrack-roles plan --out FILE`.',
  );
}

/** Whether `before` and `after` hold a scope, for each action. */
const SCOPES_OF: Record<PlanChange['action'], readonly [boolean, boolean]> = {
  assign: [false, true],
  remove: [true, false],
  modify: [true, true],
};

function inconsistentChange(plan: Plan): string | undefined {
  const change = plan.changes.find((c) => {
    const [before, after] = SCOPES_OF[c.action];
    return before !== (c.before !== null) || after !== (c.after !== null);
  });
  if (change === undefined) return undefined;
  const what = (scope: PlanChange['before']) => (scope === null ? 'null' : 'a scope');
  return `the change ${change.user} / ${change.role} is "${change.action}" with before ${what(change.before)} and after ${what(change.after)}`;
}

function wrongSummary(plan: Plan): string | undefined {
  const counted = summarizeChanges(plan.changes);
  const keys = Object.keys(counted) as (keyof PlanSummary)[];
  const wrong = keys.filter((key) => counted[key] !== plan.summary[key]);
  if (wrong.length === 0) return undefined;
  const counts = wrong.map((k) => `${k} ${plan.summary[k]}, counted ${counted[k]}`);
  return `the summary does not match the changes (${counts.join('; ')})`;
}
