import { isAbsolute, join } from 'node:path';
import { UsageError } from '../diagnostics/index.js';
import {
  proxyRoute,
  readKeyFile,
  resolveConnection,
  type ConnectionSettings,
  type Session,
  type SessionOptions,
} from '../session/index.js';
import { sessionOpener, sessionOptionsOf } from '../api/open.js';
import type { ConnectionOptions } from '../api/options.js';
import type { ConfigCliOptions } from './config-flags.js';
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
  const settings = resolveConnection(
    {
      ...(opts.server === undefined ? {} : { server: opts.server }),
      ...(opts.apiUser === undefined ? {} : { apiUser: opts.apiUser }),
      ...(opts.apiKeyFile === undefined ? {} : { apiKeyFile: opts.apiKeyFile }),
      insecureHttp: opts.insecureHttp === true,
    },
    io.env,
    { readKeyFile: (path) => readKeyFile(isAbsolute(path) ? path : join(io.cwd, path)) },
  );
  io.secrets?.add(settings.apiKey.reveal());
  return settings;
}

/**
 * The connection of a command: its settings (options, environment, key file), the proxy of
 * the environment, and its `--timeout` for each answer (headers, pauses in the body, and the
 * whole answer), `--max-answer-size`, `--page-size` and `--concurrency`, as the API takes
 * them. Throws a usage error of the settings; the key goes into the run's secrets first.
 */
function resolveCommandConnection(
  opts: ConnectionCliOptions,
  io: CliIo,
): { settings: ConnectionSettings; values: ConnectionOptions } {
  const settings = connectionFromOptions(opts, io);
  const route = proxyRoute(settings.server, io.env);
  if (!route.direct) {
    // Messages name the proxy without its credentials (describeProxy); redacting its
    // password too is defence in depth, for one long enough not to mangle every output.
    const password = decodeURIComponent(new URL(route.proxy).password);
    if (password.length >= 6) io.secrets?.add(password);
  }
  const values: ConnectionOptions = {
    server: settings.server,
    apiUser: settings.apiUser,
    apiKey: settings.apiKey.reveal(),
    // Checked already (http to a non-loopback host only with --insecure-http).
    insecureHttp: opts.insecureHttp === true,
    timeoutSeconds: opts.timeout ?? DEFAULT_TIMEOUT_SECONDS,
    ...(route.direct ? {} : { proxy: route.proxy }),
    ...(opts.pageSize === undefined ? {} : { pageSize: opts.pageSize }),
    ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency }),
    ...(opts.maxAnswerSize === undefined ? {} : { maxAnswerBytes: opts.maxAnswerSize }),
  };
  return { settings, values };
}

/**
 * The API's connection of a command, resolved when the command's reads start (so that a
 * missing setting is reported after the config's errors).
 */
export function apiConnection(opts: ConnectionCliOptions, io: CliIo): () => ConnectionOptions {
  return () => resolveCommandConnection(opts, io).values;
}

/** The `connect` of a pipeline: opens the session of the command's connection when called. */
export function connector(opts: ConnectionCliOptions, io: CliIo): () => Session {
  return sessionOpener(apiConnection(opts, io));
}

/** The settings and the session options of a command (`doctor` probes with them). */
export function connectionSetup(
  opts: ConnectionCliOptions,
  io: CliIo,
): { settings: ConnectionSettings; options: SessionOptions } {
  const { settings, values } = resolveCommandConnection(opts, io);
  return { settings, options: sessionOptionsOf(values) };
}

/** What every command that plans a config gives the API: paths, cwd, clock, connection. */
export interface ApiConfigInput {
  paths: string[];
  cwd: string;
  now: () => Date;
  connection: () => ConnectionOptions;
  maxFileBytes?: number;
}

/** The config paths, working directory, clock, connection and `--max-file-size`. */
export function apiConfigInput(
  io: CliIo,
  paths: string[],
  options: ConnectionCliOptions & ConfigCliOptions,
): ApiConfigInput {
  return {
    paths,
    cwd: io.cwd,
    now: io.now,
    connection: apiConnection(options, io),
    ...(options.maxFileSize === undefined ? {} : { maxFileBytes: options.maxFileSize }),
  };
}
