import {
  openSession,
  settingsFromValues,
  type Session,
  type SessionOptions,
} from '../session/index.js';
import {
  DEFAULT_TIMEOUT_SECONDS,
  type ConfigOptions,
  type Connection,
  type ConnectionOptions,
} from './options.js';

// The API's runtime helpers, apart from its option types (options.ts), so that the
// declarations users import never reach the session's (and need no Node types).

/** The session opener of a command: settings checked as the CLI's are. */
export function sessionOpener(connection: Connection): () => Session {
  return () => {
    const values = typeof connection === 'function' ? connection() : connection;
    const settings = settingsFromValues(values);
    return openSession(settings, sessionOptionsOf(values));
  };
}

/** The session options of a connection: its timeout for each answer, proxy and limits. */
export function sessionOptionsOf(values: ConnectionOptions): SessionOptions {
  const ms = (values.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  return {
    timeouts: { headersMs: ms, bodyMs: ms, answerMs: ms },
    ...(values.proxy === undefined ? {} : { proxy: values.proxy }),
    ...(values.pageSize === undefined ? {} : { pageSize: values.pageSize }),
    ...(values.concurrency === undefined ? {} : { concurrency: values.concurrency }),
    ...(values.maxAnswerBytes === undefined ? {} : { maxAnswerBytes: values.maxAnswerBytes }),
  };
}

/** The config part of a pipeline input, with the defaults filled in. */
export function configOf(options: ConfigOptions): {
  paths: readonly string[];
  cwd: string;
  now: () => Date;
  maxFileBytes?: number;
} {
  const { now } = options;
  return {
    paths: options.paths ?? [],
    cwd: options.cwd ?? process.cwd(),
    now: now === undefined ? () => new Date() : typeof now === 'function' ? now : () => now,
    ...(options.maxFileBytes === undefined ? {} : { maxFileBytes: options.maxFileBytes }),
  };
}
