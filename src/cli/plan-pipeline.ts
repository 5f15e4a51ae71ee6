import { loadCheckedConfig } from '../config/load.js';
import type { CurrentState } from '../current/index.js';
import { buildDesiredStateSteps } from '../desired/build-desired-state.js';
import { dropExpiredGrants } from '../desired/expiry.js';
import type { DesiredState } from '../desired/types.js';
import { ConfigError, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/index.js';
import { runStepsWithPauses } from '../model/index.js';
import {
  completePlan,
  PLAN_CODES,
  preparePlan,
  type Plan,
  type PlanResult,
} from '../plan/index.js';
import { renderDiagnosticsText } from '../render/diagnostics.js';
import { openSession, type Session } from '../session/index.js';
import {
  connectionFromOptions,
  sessionOptions,
  startReadingCurrentState,
  type ConnectionCliOptions,
} from './connection-options.js';
import { useColor, type CliIo } from './io.js';

export interface PlanPipelineOptions {
  /** Config files or directories (default: ./access). */
  paths: string[];
  /** The parsed connection options of the command. */
  connection: ConnectionCliOptions;
  /** `--allow-removals N`. */
  allowRemovals?: number;
  /**
   * Plan-time error codes that are findings rather than errors (drift, explain): shown as
   * warnings when `show`, else left out; they do not stop the pipeline.
   */
  findings?: { codes: ReadonlySet<string>; show: boolean };
  /**
   * Return the desired state (drift and explain need its sources). Without it, the desired
   * state is let go once resolved against the server, while the assignments are still
   * being read: on a large studio its per-project sources are the biggest part of memory.
   */
  keepDesired?: boolean;
  /** `--max-file-size`: the size limit of one config file in bytes (default 64 MiB). */
  maxFileBytes?: number;
}

export interface PlanPipelineResult extends PlanResult {
  /** The desired state as built from the config; only with `keepDesired`. */
  desired?: DesiredState;
  current: CurrentState;
  /** The config files read, relative to cwd. */
  files: string[];
  /** The open session (the caller closes it; apply sends its batch through it). */
  session: Session;
}

/**
 * The shared front of `plan`, `apply`, `drift` and `explain`: load the config (exit 1 on
 * any error), connect, read the current state, plan. Diagnostics (config and plan-time)
 * go to stderr; errors among them throw a ConfigError. Safety refusals are returned, not
 * thrown, so the caller can show the plan before refusing it.
 */
export async function runPlanPipeline(
  io: CliIo,
  options: PlanPipelineOptions,
): Promise<PlanPipelineResult> {
  // The whole config is checked before anything is sent: an invalid one sends no request.
  const checked = await loadCheckedConfig(options.paths, {
    cwd: io.cwd,
    maxFileBytes: options.maxFileBytes,
  });
  reportDiagnostics(io, checked.diagnostics, checked.files);
  if (checked.documents === undefined || hasErrors(checked.diagnostics)) {
    throw new ConfigError('The config is invalid; nothing was planned.', checked.diagnostics);
  }
  const documents = checked.documents;
  const settings = connectionFromOptions(options.connection, io);
  const session = openSession(settings, sessionOptions(options.connection));
  try {
    const groups = documents.some((d) =>
      Object.values(d.data.groups ?? {}).some((g) => g.ftrack_group !== undefined),
    );
    // The reads start now; the desired state is built and resolved while they arrive,
    // a file at a time, so that answers are taken in (and further pages asked for) between.
    const reading = startReadingCurrentState(io, session, { groups });
    const state = reading.state;
    state.catch(() => undefined); // awaited below; a failure meanwhile is not unhandled
    let desired: DesiredState | undefined = await runStepsWithPauses(
      buildDesiredStateSteps(documents, { configDigest: checked.configDigest, consume: true }),
      yieldToEventLoop,
    );
    const directory = await reading.directory;
    // Unless it is asked for, the desired state is handed over and let go as it is resolved,
    // while the reads go on.
    const keep = options.keepDesired === true;
    const prepared = preparePlan({ desired, directory, now: io.now(), consume: !keep });
    if (!keep) desired = undefined;
    const current = await state;
    const result = completePlan(prepared, {
      current,
      apiUser: settings.apiUser,
      ...(options.allowRemovals === undefined ? {} : { allowRemovals: options.allowRemovals }),
    });
    const diagnostics = asFindings(result.diagnostics, options.findings);
    reportDiagnostics(io, diagnostics, checked.files);
    if (hasErrors(diagnostics)) {
      throw new ConfigError(
        'The config does not match the server; nothing was planned.',
        diagnostics,
      );
    }
    return {
      ...result,
      diagnostics,
      ...(desired === undefined ? {} : { desired }),
      current,
      files: checked.files,
      session,
    };
  } catch (error) {
    await session.close();
    throw error;
  }
}

/** Lets pending I/O callbacks run (setImmediate runs after them). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function asFindings(
  diagnostics: readonly Diagnostic[],
  findings: PlanPipelineOptions['findings'],
): Diagnostic[] {
  if (findings === undefined) return [...diagnostics];
  return diagnostics.flatMap((d): Diagnostic[] =>
    !findings.codes.has(d.code) ? [d] : findings.show ? [{ ...d, severity: 'warning' }] : [],
  );
}

/** Plan-time errors that drift and explain report as findings instead of failing. */
const AUDIT_FINDINGS: ReadonlySet<string> = new Set([
  PLAN_CODES.unknownUser,
  PLAN_CODES.unknownProject,
]);

export interface AuditInputs {
  /** The desired state as of today (ended `until:` grants dropped). */
  desired: DesiredState;
  current: CurrentState;
  plan: Plan;
  files: string[];
}

/**
 * The front of `drift` and `explain`: the plan pipeline, read-only. Unlike `plan`, a
 * declared user or project missing on the server is a finding, not an error (drift
 * reports it; explain shows it); every other error still fails (exit 1).
 */
export async function runAuditPipeline(
  io: CliIo,
  paths: string[],
  connection: ConnectionCliOptions,
  options: { showFindings: boolean; maxFileBytes?: number },
): Promise<AuditInputs> {
  const result = await runPlanPipeline(io, {
    paths,
    connection,
    findings: { codes: AUDIT_FINDINGS, show: options.showFindings },
    keepDesired: true,
    maxFileBytes: options.maxFileBytes,
  });
  await result.session.close();
  if (result.desired === undefined) throw new Error('internal: the desired state was not kept');
  // What is desired today: grants whose `until:` day has come no longer count.
  const desired = dropExpiredGrants(result.desired, io.now()).desired;
  return { desired, current: result.current, plan: result.plan, files: result.files };
}

/** Diagnostics on stderr (coloured on a terminal without NO_COLOR); nothing when empty. */
export function reportDiagnostics(
  io: CliIo,
  diagnostics: readonly Diagnostic[],
  files: readonly string[],
): void {
  if (diagnostics.length === 0) return;
  io.stderr(
    renderDiagnosticsText(sortDiagnostics(diagnostics), { files, color: useColor(io, 'stderr') }),
  );
}
