import { isAbsolute, join } from 'node:path';
import { UsageError } from '../diagnostics/index.js';
import {
  openSession,
  proxyRoute,
  readKeyFile,
  resolveConnection,
  type ConnectionSettings,
  type Session,
  type SessionOptions,
} from '../session/index.js';
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
 * The session options of a command: its `--timeout` for each answer (headers, pauses in
 * the body, and the whole answer), its `--max-answer-size`, `--page-size` and
 * `--concurrency`.
 */
export function sessionOptions(opts: ConnectionCliOptions): SessionOptions {
  const ms = (opts.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  return {
    timeouts: { headersMs: ms, bodyMs: ms, answerMs: ms },
    ...(opts.maxAnswerSize === undefined ? {} : { maxAnswerBytes: opts.maxAnswerSize }),
    ...(opts.pageSize === undefined ? {} : { pageSize: opts.pageSize }),
    ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency }),
  };
}

/**
 * The `connect` of a pipeline: resolves the settings (options, environment, key file) and
 * opens the session when called; what it throws is a usage error of the settings.
 */
export function connector(opts: ConnectionCliOptions, io: CliIo): () => Session {
  return () => {
    const { settings, options } = connectionSetup(opts, io);
    return openSession(settings, options);
  };
}

/**
 * The settings (options, environment, key file) and the session options of a command,
 * with the proxy of the environment; throws a usage error of the settings.
 */
export function connectionSetup(
  opts: ConnectionCliOptions,
  io: CliIo,
): { settings: ConnectionSettings; options: SessionOptions } {
  const settings = connectionFromOptions(opts, io);
  const route = proxyRoute(settings.server, io.env);
  if (route.direct) return { settings, options: sessionOptions(opts) };
  // Messages name the proxy without its credentials (describeProxy); redacting its
  // password too is defence in depth, for one long enough not to mangle every output.
  const password = decodeURIComponent(new URL(route.proxy).password);
  if (password.length >= 6) io.secrets?.add(password);
  return { settings, options: { ...sessionOptions(opts), proxy: route.proxy } };
}

/**
 * The API's connection from the options, the environment and the key file, resolved when
 * the command's reads start (so that a missing setting is reported after the config's
 * errors). The key goes into the run's secrets before anything can print it.
 */
export function apiConnection(opts: ConnectionCliOptions, io: CliIo): () => ConnectionOptions {
  return () => {
    const { settings, options } = connectionSetup(opts, io);
    return {
      server: settings.server,
      apiUser: settings.apiUser,
      apiKey: settings.apiKey.reveal(),
      // Checked already (http to a non-loopback host only with --insecure-http).
      insecureHttp: opts.insecureHttp === true,
      timeoutSeconds: opts.timeout ?? DEFAULT_TIMEOUT_SECONDS,
      ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
      ...(opts.pageSize === undefined ? {} : { pageSize: opts.pageSize }),
      ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency }),
      ...(opts.maxAnswerSize === undefined ? {} : { maxAnswerBytes: opts.maxAnswerSize }),
    };
  };
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
