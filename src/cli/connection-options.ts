import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../diagnostics/index.js';
import { fetchCurrentState, type CurrentState, type FetchProgress } from '../current/index.js';
import { resolveConnection, type ConnectionSettings, type Session } from '../session/index.js';
import type { CliIo } from './io.js';

/** The connection options as commander parses them. */
export interface ConnectionCliOptions {
  server?: string;
  apiUser?: string;
  apiKeyFile?: string;
  insecureHttp?: boolean;
  /** Set (to true, never to the value) when someone tries `--api-key`. */
  apiKey?: boolean;
}

/** Adds `--server`, `--api-user`, `--api-key-file` and `--insecure-http` to a command. */
export function addConnectionOptions(command: Command): Command {
  return command
    .option('--server <url>', 'ftrack server URL (default: $FTRACK_SERVER)')
    .option('--api-user <name>', 'ftrack user the API key belongs to (default: $FTRACK_API_USER)')
    .option(
      '--api-key-file <file>',
      'file holding the API key (default: the key in $FTRACK_API_KEY; never pass a key as an argument)',
    )
    .option('--insecure-http', 'allow plain http:// to a host that is not loopback')
    .addOption(
      // Accepted only to refuse it: the value is dropped at once so it is never echoed.
      new Option('--api-key <key>').hideHelp().argParser(() => true),
    );
}

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

export interface ProgressReporter {
  update(progress: FetchProgress): void;
  /** Clears the line. */
  done(): void;
}

/** A single updating progress line on stderr, only when stderr is a terminal. */
export function progressReporter(io: CliIo, label = 'Reading ftrack'): ProgressReporter {
  if (!io.stderrIsTTY) return { update: () => undefined, done: () => undefined };
  const counts = new Map<string, number>();
  let shown = false;
  return {
    update(progress) {
      counts.set(progress.table, progress.rows);
      const parts = [...counts].map(([table, rows]) => `${table} ${rows}`);
      io.stderr(`\r\u001b[2K${label}: ${parts.join(', ')}`);
      shown = true;
    },
    done() {
      if (shown) io.stderr('\r\u001b[2K');
      shown = false;
    },
  };
}

/** Reads the current state through `session`, with the progress line on a terminal. */
export async function readCurrentState(
  io: CliIo,
  session: Session,
  options: { groups?: boolean } = {},
): Promise<CurrentState> {
  const progress = progressReporter(io);
  try {
    return await fetchCurrentState(session, {
      groups: options.groups === true,
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.done();
  }
}
