import type { PlanEvents } from '../pipeline/events.js';

/**
 * Where and as whom to connect. Nothing is read from the environment: a caller that keeps
 * the key in `FTRACK_API_KEY` passes `process.env.FTRACK_API_KEY` itself. The key is wrapped
 * at once and never appears in a result, an error or a debug line.
 */
export interface ConnectionOptions {
  /** The server URL, e.g. `https://studio.ftrackapp.com` (https, or http to a loopback host). */
  server: string;
  /** The API user's username. */
  apiUser: string;
  /** The API user's key. */
  apiKey: string;
  /** Allow `http://` to a host that is not loopback (the key then travels in clear). */
  insecureHttp?: boolean;
  /** An http(s) proxy URL reached with CONNECT; default none (environment not read). */
  proxy?: string;
  /** Seconds to wait for each answer (headers, pauses in the body, the whole answer); default 120. */
  timeoutSeconds?: number;
  /** Rows per page of the reads; default 2000. */
  pageSize?: number;
  /** Requests in flight at most; default 4 (lowered when the server queues or answers 429). */
  concurrency?: number;
  /** Answers larger than this many bytes are refused; default 64 MiB. */
  maxAnswerBytes?: number;
}

/**
 * The connection, or a function that gives it. A function is called when the reads start;
 * what it throws (a missing setting) is reported after the config's own errors, as the
 * command line does.
 */
export type Connection = ConnectionOptions | (() => ConnectionOptions);

/** The config files a command reads. */
export interface ConfigOptions {
  /** Config files or directories; default `['access']`. */
  paths?: readonly string[];
  /** The directory paths (and the audit log) are relative to; default the process's. */
  cwd?: string;
  /** Today, for `until:` grants; default the clock. */
  now?: Date | (() => Date);
  /** The size limit of one config file in bytes; default 64 MiB. */
  maxFileBytes?: number;
}

/**
 * What a command tells its caller while it runs (all optional): the config's warnings and
 * errors with the files checked, the rows read so far per table, the end of the reads.
 */
export type ProgressEvents = PlanEvents;

/** The options of the commands that read the config and the server. */
export interface ServerOptions extends ConfigOptions {
  connection: Connection;
  events?: ProgressEvents;
}

/** Seconds to wait for each answer unless told (the CLI's `--timeout` default too). */
export const DEFAULT_TIMEOUT_SECONDS = 120;
