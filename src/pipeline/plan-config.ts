import type { CurrentState, CurrentStateRead } from '../current/index.js';
import type { DesiredState } from '../desired/index.js';
import { ConfigError, hasErrors, type Diagnostic } from '../diagnostics/index.js';
import { Handover } from '../model/index.js';
import type { PlanResult } from '../plan/index.js';
import type { Session } from '../session/index.js';
import type { PlanEvents } from './events.js';
import { startReads } from './reads.js';

export interface PlanConfigInput {
  /** Config files or directories (default: ./access). */
  paths: readonly string[];
  /** The directory paths are relative to, and diagnostics' files. */
  cwd: string;
  /** The clock, read when the plan is prepared (ended `until:` grants). */
  now: () => Date;
  /**
   * Opens the session to the server (opening sends nothing). Called first, so that the
   * reads start while the config is checked; what it throws (a connection setting) is
   * reported after the config's own errors, and then nothing has been sent.
   */
  connect: () => Session;
  /** The size limit of one config file in bytes (default 64 MiB). */
  maxFileBytes?: number;
  /** `--allow-removals N`. */
  allowRemovals?: number;
  /**
   * Plan-time error codes that are findings rather than errors (drift, explain): shown as
   * warnings when `show`, else left out; they do not stop the pipeline.
   */
  findings?: { codes: ReadonlySet<string>; show: boolean };
  /**
   * Return the desired state (drift and explain need its sources). Without it, the desired
   * state is handed over to the planner and let go as it is resolved, while the
   * assignments are still being read: on a large studio its per-project sources are the
   * biggest part of memory.
   */
  keepDesired?: boolean;
}

export interface PlannedConfig extends PlanResult {
  /** The desired state as built from the config; only with `keepDesired`. */
  desired?: DesiredState;
  current: CurrentState;
  /** The config files read, relative to cwd. */
  files: string[];
  /** The open session (the caller closes it; apply sends its batch through it). */
  session: Session;
}

/**
 * The front of `plan`, `apply`, `drift` and `explain`: read the current state and,
 * meanwhile, check the config, then build the desired state and plan. Diagnostics go to
 * `events.onDiagnostics`; errors among them throw a ConfigError (exit 1). Safety refusals
 * are returned, not thrown, so that the caller can show the plan before refusing it.
 *
 * Reading changes nothing, so the reads start at once, before the config is checked: an
 * invalid config abandons them (sockets closed, no retry left) and no write is ever sent.
 * The config, desired-state and plan code is loaded while the first requests are out.
 */
export async function planConfig(
  input: PlanConfigInput,
  events: PlanEvents = {},
): Promise<PlannedConfig> {
  const early = startEarlyReads(input.connect, events);
  try {
    const [{ buildDesiredWithPauses, checkConfigFiles }, { completePlan, preparePlan }] =
      await Promise.all([import('./load-desired.js'), import('../plan/index.js')]);
    const checked = await checkConfigFiles(input.paths, {
      cwd: input.cwd,
      ...(input.maxFileBytes === undefined ? {} : { maxFileBytes: input.maxFileBytes }),
      pause: yieldToEventLoop,
    });
    if (checked.documents === undefined || hasErrors(checked.diagnostics)) {
      await early.abandon();
      events.onDiagnostics?.(checked.diagnostics, checked.files);
      throw new ConfigError('The config is invalid; nothing was planned.', checked.diagnostics);
    }
    if (checked.diagnostics.length > 0) events.onDiagnostics?.(checked.diagnostics, checked.files);
    const usesFtrackGroups = checked.documents.some((d) =>
      Object.values(d.data.groups ?? {}).some((g) => g.ftrack_group !== undefined),
    );
    const { session, reading } = early.proceed(usesFtrackGroups);
    // The desired state is built and resolved while the answers arrive, in steps, so that
    // they are taken in (and further pages asked for) between. The documents are handed
    // over to the build: each is let go once its users are in the state.
    // Unless it is asked for, the desired state is handed over to the planner, with no
    // reference left here, and let go as it is resolved while the reads go on.
    const build = () =>
      buildDesiredWithPauses(checked.documents!, checked.configDigest, yieldToEventLoop);
    const desired = input.keepDesired === true ? await build() : undefined;
    const handover = desired === undefined ? new Handover(await build()) : undefined;
    const directory = await reading.directory;
    const prepared = preparePlan({ desired: desired ?? handover!, directory, now: input.now() });
    const current = await reading.state;
    const result = completePlan(prepared, {
      current,
      apiUser: session.apiUser,
      ...(input.allowRemovals === undefined ? {} : { allowRemovals: input.allowRemovals }),
    });
    const diagnostics = asFindings(result.diagnostics, input.findings);
    if (diagnostics.length > 0) events.onDiagnostics?.(diagnostics, checked.files);
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
  proceed(groups: boolean): { session: Session; reading: CurrentStateRead };
  /** Gives the reads up: the session is closed (sockets, pending retries). Idempotent. */
  abandon(): Promise<void>;
}

/**
 * Opens the session and starts reading the current state. The connection settings' error
 * is kept for `proceed`: a config error, found later, is reported first.
 */
function startEarlyReads(connect: () => Session, events: PlanEvents): EarlyReads {
  let session: Session;
  try {
    session = connect();
  } catch (error) {
    return {
      proceed: () => {
        throw error;
      },
      abandon: () => Promise.resolve(),
    };
  }
  let decideGroups: (groups: boolean) => void = () => undefined;
  const groups = new Promise<boolean>((resolve) => (decideGroups = resolve));
  const reading = startReads(session, events, { groups });
  reading.state.catch(() => undefined); // awaited by the caller; a failure meanwhile is not unhandled
  let closed: Promise<void> | undefined;
  return {
    proceed(want) {
      decideGroups(want);
      events.onConfigValid?.();
      return { session, reading };
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
  findings: PlanConfigInput['findings'],
): Diagnostic[] {
  if (findings === undefined) return [...diagnostics];
  return diagnostics.flatMap((d): Diagnostic[] =>
    !findings.codes.has(d.code) ? [d] : findings.show ? [{ ...d, severity: 'warning' }] : [],
  );
}
