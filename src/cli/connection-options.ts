import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { UsageError } from '../diagnostics/index.js';
import {
  startCurrentStateRead,
  type CurrentState,
  type CurrentStateRead,
  type FetchProgress,
} from '../current/index.js';
import {
  resolveConnection,
  type ConnectionSettings,
  type Session,
  type SessionOptions,
} from '../session/index.js';
import type { CliIo } from './io.js';

export { addConnectionOptions, type ConnectionCliOptions } from './connection-flags.js';
import { DEFAULT_TIMEOUT_SECONDS, type ConnectionCliOptions } from './connection-flags.js';

/** Resolves the connection settings from the parsed options and the environment. */
export function connectionFromOptions(opts: ConnectionCliOptions, io: CliIo): ConnectionSettings {
  if (opts.apiKey !== undefined) {
    throw new UsageError(
      '--api-key is not supported (a key on the command line leaks into shell history and process lists): ' +
        'set FTRACK_API_KEY or use --api-key-file <file>.',
    );
  }
  return resolveConnection(
    {
      ...(opts.server === undefined ? {} : { server: opts.server }),
      ...(opts.apiUser === undefined ? {} : { apiUser: opts.apiUser }),
      ...(opts.apiKeyFile === undefined ? {} : { apiKeyFile: opts.apiKeyFile }),
      insecureHttp: opts.insecureHttp === true,
    },
    io.env,
    { readKeyFile: (path) => readFileSync(isAbsolute(path) ? path : join(io.cwd, path), 'utf8') },
  );
}

/** The session options of a command: its `--timeout` for each answer (headers and body). */
export function sessionOptions(opts: ConnectionCliOptions): SessionOptions {
  const ms = (opts.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  return { timeouts: { headersMs: ms, bodyMs: ms } };
}

export interface ProgressReporter {
  update(progress: FetchProgress): void;
  /** Draws the line from now on (a held reporter counts without drawing until then). */
  show(): void;
  /** Clears the line. */
  done(): void;
}

/**
 * A single updating progress line on stderr, only when stderr is a terminal. A `held` one
 * draws nothing until `show()`: the plan pipeline reads while the config is checked, and
 * the config's diagnostics must not be printed into a progress line.
 */
export function progressReporter(
  io: CliIo,
  label = 'Reading ftrack',
  options: { held?: boolean } = {},
): ProgressReporter {
  if (!io.stderrIsTTY)
    return { update: () => undefined, show: () => undefined, done: () => undefined };
  const counts = new Map<string, number>();
  let held = options.held === true;
  let shown = false;
  let finished = false;
  const draw = (): void => {
    if (held || finished || counts.size === 0) return;
    const parts = [...counts].map(([table, rows]) => `${table} ${rows}`);
    io.stderr(`\r\u001b[2K${label}: ${parts.join(', ')}`);
    shown = true;
  };
  return {
    update(progress) {
      counts.set(progress.table, progress.rows);
      draw();
    },
    show() {
      held = false;
      draw();
    },
    done() {
      if (shown) io.stderr('\r\u001b[2K');
      shown = false;
      finished = true;
    },
  };
}

/** Reads the current state through `session`, with the progress line on a terminal. */
export async function readCurrentState(
  io: CliIo,
  session: Session,
  options: { groups?: boolean } = {},
): Promise<CurrentState> {
  return startReadingCurrentState(io, session, options).state;
}

/**
 * Starts reading the current state through `session` (see startCurrentStateRead), with the
 * progress line on a terminal, cleared when the read ends either way.
 */
export function startReadingCurrentState(
  io: CliIo,
  session: Session,
  options: { groups?: boolean | Promise<boolean>; progress?: ProgressReporter } = {},
): CurrentStateRead {
  const progress = options.progress ?? progressReporter(io);
  const reading = startCurrentStateRead(session, {
    groups: options.groups ?? false,
    onProgress: (p) => progress.update(p),
  });
  reading.directory.catch(() => undefined); // a failure is also the state's
  return { directory: reading.directory, state: reading.state.finally(() => progress.done()) };
}
