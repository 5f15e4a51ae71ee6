import { isAbsolute, join } from 'node:path';
import { DEFAULT_CONFIG_PATH } from '../../config/read.js';
import {
  FtrackRolesError,
  SafetyError,
  sortDiagnostics,
  type Diagnostic,
} from '../../diagnostics/index.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { plan as planAccess, type PlanOutcome } from '../../api/plan.js';
import type { PlanEvents } from '../../pipeline/events.js';
import type { Plan } from '../../plan/index.js';
import { FORMATS, type FormatOf, type PlanFormat } from '../../render/formats.js';
import { render, type PlanRunFailure } from '../../render/index.js';
import { apiConfigInput } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import { useColor, type CliIo } from '../io.js';
import { reportDiagnostics, terminalEvents } from '../progress.js';
import type { PlanCliOptions } from './options.js';

/** The action of `ftrack-roles plan`, loaded only when the command runs. */
export async function runPlanCommand(
  io: CliIo,
  paths: string[],
  options: PlanCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const format = options.format;
  // github, markdown and codequality show the whole run, a failed one too (render/plan-run.ts).
  const run = isRunFormat(format) ? runRecorder(io, paths, format) : undefined;
  let outcome: PlanOutcome;
  try {
    outcome = await planAccess({
      ...apiConfigInput(io, paths, options),
      ...(options.allowRemovals === undefined ? {} : { allowRemovals: options.allowRemovals }),
      events: run?.events ?? terminalEvents(io, { held: true }),
    });
  } catch (error) {
    run?.print(null, [], failureOf(error));
    throw error;
  }
  const { plan, refusals, files } = outcome;
  const refusal =
    refusals.length === 0
      ? undefined
      : new SafetyError(
          `The plan is refused by ${refusals.length === 1 ? 'a safety rule' : `${refusals.length} safety rules`}${options.out === undefined ? '' : `; ${options.out} was not written`}.`,
          refusals,
        );
  if (run !== undefined) {
    run.print(plan, refusals, refusal && { kind: 'refused', message: refusal.message }, files);
  } else {
    const color = format === 'text' && useColor(io);
    io.stdout(render('plan', format, plan, { color }));
  }
  if (refusal !== undefined) {
    // The annotations are the job log's diagnostics; other formats go to a file or a pipe.
    if (format !== 'github') reportDiagnostics(io, refusals, files);
    throw refusal;
  }
  if (options.out !== undefined) {
    const path = isAbsolute(options.out) ? options.out : join(io.cwd, options.out);
    await writeFileAtomic(path, render('plan', 'json', plan));
    io.stderr(`Saved the plan to ${options.out}\n`);
  }
  const pending = plan.summary.changes > 0 && options.detailedExitcode === true;
  setExit(pending ? EXIT.changes : EXIT.ok);
}

type RunFormat = FormatOf<'planRun'>;

function isRunFormat(format: PlanFormat): format is RunFormat {
  return (FORMATS.planRun as readonly string[]).includes(format);
}

/**
 * Records the diagnostics of a run for its view (stdout), and prints them on stderr as
 * well, except for `github`, whose annotations already are the job log's diagnostics.
 */
function runRecorder(io: CliIo, paths: string[], format: RunFormat) {
  const terminal = terminalEvents(io, { held: true });
  const diagnostics: Diagnostic[] = [];
  let checked: readonly string[] = [];
  const events: PlanEvents = {
    ...terminal,
    onDiagnostics(found, files) {
      diagnostics.push(...found);
      checked = files;
      if (format !== 'github') terminal.onDiagnostics?.(found, files);
    },
  };
  const print = (
    plan: Plan | null,
    refusals: readonly Diagnostic[],
    failure: PlanRunFailure | undefined,
    files = checked,
  ): void => {
    const given = paths.length > 0 ? paths : [DEFAULT_CONFIG_PATH];
    io.stdout(
      render('planRun', format, {
        plan,
        diagnostics: sortDiagnostics([...diagnostics, ...refusals]),
        files: files.length > 0 ? files : given,
        failure: failure ?? null,
      }),
    );
  };
  return { events, print };
}

function failureOf(error: unknown): PlanRunFailure {
  const message =
    error instanceof FtrackRolesError
      ? error.message
      : 'Internal error (please report it): see the job log.';
  return { kind: error instanceof SafetyError ? 'refused' : 'error', message };
}
