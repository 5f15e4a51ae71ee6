import { loadConfig } from '../config/load.js';
import { fetchCurrentState, type CurrentState } from '../current/index.js';
import type { DesiredState } from '../desired/types.js';
import { ConfigError, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/index.js';
import { planChanges, type PlanResult } from '../plan/index.js';
import { renderDiagnosticsText } from '../render/diagnostics.js';
import { openSession, type Session } from '../session/index.js';
import {
  connectionFromOptions,
  progressReporter,
  type ConnectionCliOptions,
} from './connection-options.js';
import type { CliIo } from './io.js';

export interface PlanPipelineOptions {
  /** Config files or directories (default: ./access). */
  paths: string[];
  /** The parsed connection options of the command. */
  connection: ConnectionCliOptions;
  /** `--allow-removals N`. */
  allowRemovals?: number;
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
    const progress = progressReporter(io);
    const groups = [...desired.groups.values()].some((g) => g.ftrackGroup !== undefined);
    const current = await fetchCurrentState(session, {
      groups,
      onProgress: (p) => progress.update(p),
    }).finally(() => progress.done());
    const result = planChanges({
      desired,
      current,
      apiUser: settings.apiUser,
      now: io.now(),
      ...(options.allowRemovals === undefined ? {} : { allowRemovals: options.allowRemovals }),
    });
    reportDiagnostics(io, result.diagnostics, loaded.files);
    if (hasErrors(result.diagnostics)) {
      throw new ConfigError(
        'The config does not match the server; nothing was planned.',
        result.diagnostics,
      );
    }
    return { ...result, desired, current, files: loaded.files, session };
  } catch (error) {
    await session.close();
    throw error;
  }
}

/** Diagnostics on stderr (coloured on a terminal without NO_COLOR); nothing when empty. */
export function reportDiagnostics(
  io: CliIo,
  diagnostics: readonly Diagnostic[],
  files: readonly string[],
): void {
  if (diagnostics.length === 0) return;
  const noColor = io.env['NO_COLOR'];
  io.stderr(
    renderDiagnosticsText(sortDiagnostics(diagnostics), {
      files,
      color: io.stderrIsTTY && (noColor === undefined || noColor === ''),
    }),
  );
}
