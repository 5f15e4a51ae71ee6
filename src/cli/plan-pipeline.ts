import type { CurrentState, CurrentStateRead } from '../current/index.js';
import { dropExpiredGrants } from '../desired/expiry.js';
import type { DesiredState } from '../desired/types.js';
import { ConfigError, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/index.js';
import { runStepsWithPauses } from '../model/index.js';
import { PLAN_CODES } from '../plan/codes.js';
import type { Plan, PlanResult } from '../plan/index.js';
import { renderDiagnosticsText } from '../render/diagnostics.js';
import { openSession, type ConnectionSettings, type Session } from '../session/index.js';
import {
  connectionFromOptions,
  progressReporter,
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
 * The shared front of `plan`, `apply`, `drift` and `explain`: read the current state and,
 * meanwhile, load and check the config (exit 1 on any error), then plan. Diagnostics
 * (config and plan-time) go to stderr; errors among them throw a ConfigError. Safety
 * refusals are returned, not thrown, so the caller can show the plan before refusing it.
 *
 * Reading changes nothing, so the reads start at once, before the config is checked: an
 * invalid config abandons them (sockets closed, no retry left) and no write is ever sent.
 * The connection settings (credentials, https) are still checked before the first
 * request; a config error is reported before a settings error.
 */
export async function runPlanPipeline(
  io: CliIo,
  options: PlanPipelineOptions,
): Promise<PlanPipelineResult> {
  const early = startEarlyReads(io, options.connection);
  try {
    // The config, desired-state and plan code is loaded while the first requests are out.
    const [{ loadCheckedConfig }, { buildDesiredStateSteps }, { completePlan, preparePlan }] =
      await Promise.all([
        import('../config/load.js'),
        import('../desired/build-desired-state.js'),
        import('../plan/index.js'),
      ]);
    const checked = await loadCheckedConfig(options.paths, {
      cwd: io.cwd,
      maxFileBytes: options.maxFileBytes,
      pause: yieldToEventLoop,
    });
    if (checked.documents === undefined || hasErrors(checked.diagnostics)) {
      await early.abandon();
      reportDiagnostics(io, checked.diagnostics, checked.files);
      throw new ConfigError('The config is invalid; nothing was planned.', checked.diagnostics);
    }
    reportDiagnostics(io, checked.diagnostics, checked.files);
    const documents = checked.documents;
    const { settings, session, reading } = early.proceed(
      documents.some((d) =>
        Object.values(d.data.groups ?? {}).some((g) => g.ftrack_group !== undefined),
      ),
    );
    // The desired state is built and resolved while the answers arrive, in steps, so that
    // they are taken in (and further pages asked for) between.
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
    const current = await reading.state;
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
    await early.abandon();
    throw error;
  }
}

/** Reads started before the config is checked (startEarlyReads). */
interface EarlyReads {
  /**
   * The config is valid: the reads go on (the group tables too when `groups`). Throws the
   * connection settings' error, if they had one (then nothing was sent).
   */
  proceed(groups: boolean): {
    settings: ConnectionSettings;
    session: Session;
    reading: CurrentStateRead;
  };
  /** Gives the reads up: the session is closed (sockets, pending retries). Idempotent. */
  abandon(): Promise<void>;
}

/**
 * Checks the connection settings and, if they are sound, opens the session and starts
 * reading the current state. Their error is kept for `proceed`: a config error, found
 * later, is reported first.
 */
function startEarlyReads(io: CliIo, connection: ConnectionCliOptions): EarlyReads {
  let settings: ConnectionSettings;
  try {
    settings = connectionFromOptions(connection, io);
  } catch (error) {
    return {
      proceed: () => {
        throw error;
      },
      abandon: () => Promise.resolve(),
    };
  }
  const session = openSession(settings, sessionOptions(connection));
  let decideGroups: (groups: boolean) => void = () => undefined;
  const groups = new Promise<boolean>((resolve) => (decideGroups = resolve));
  const progress = progressReporter(io, undefined, { held: true });
  const reading = startReadingCurrentState(io, session, { groups, progress });
  reading.state.catch(() => undefined); // awaited by the caller; a failure meanwhile is not unhandled
  let closed: Promise<void> | undefined;
  return {
    proceed(want) {
      decideGroups(want);
      progress.show();
      return { settings, session, reading };
    },
    abandon() {
      decideGroups(false);
      closed ??= session.close().then(() =>
        reading.state.then(
          () => undefined,
          () => undefined,
        ),
      );
      return closed;
    },
  };
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
