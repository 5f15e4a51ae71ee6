import { loadConfig } from '../config/load.js';
import type { CurrentState } from '../current/index.js';
import { dropExpiredGrants } from '../desired/expiry.js';
import type { DesiredState } from '../desired/types.js';
import { ConfigError, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/index.js';
import { PLAN_CODES, planChanges, type Plan, type PlanResult } from '../plan/index.js';
import { renderDiagnosticsText } from '../render/diagnostics.js';
import { openSession, type Session } from '../session/index.js';
import {
  connectionFromOptions,
  readCurrentState,
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
}

export interface PlanPipelineResult extends PlanResult {
  desired: DesiredState;
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
  const loaded = await loadConfig(options.paths, { cwd: io.cwd });
  reportDiagnostics(io, loaded.diagnostics, loaded.files);
  if (loaded.desired === undefined || hasErrors(loaded.diagnostics)) {
    throw new ConfigError('The config is invalid; nothing was planned.', loaded.diagnostics);
  }
  const desired = loaded.desired;
  const settings = connectionFromOptions(options.connection, io);
  const session = openSession(settings);
  try {
    const groups = [...desired.groups.values()].some((g) => g.ftrackGroup !== undefined);
    const current = await readCurrentState(io, session, { groups });
    const result = planChanges({
      desired,
      current,
      apiUser: settings.apiUser,
      now: io.now(),
      ...(options.allowRemovals === undefined ? {} : { allowRemovals: options.allowRemovals }),
    });
    const diagnostics = asFindings(result.diagnostics, options.findings);
    reportDiagnostics(io, diagnostics, loaded.files);
    if (hasErrors(diagnostics)) {
      throw new ConfigError(
        'The config does not match the server; nothing was planned.',
        diagnostics,
      );
    }
    return { ...result, diagnostics, desired, current, files: loaded.files, session };
  } catch (error) {
    await session.close();
    throw error;
  }
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
  options: { showFindings: boolean },
): Promise<AuditInputs> {
  const result = await runPlanPipeline(io, {
    paths,
    connection,
    findings: { codes: AUDIT_FINDINGS, show: options.showFindings },
  });
  await result.session.close();
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
