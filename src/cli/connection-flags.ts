import { InvalidArgumentError, Option, type Command } from 'commander';

/** The connection options as commander parses them. */
export interface ConnectionCliOptions {
  server?: string;
  apiUser?: string;
  apiKeyFile?: string;
  insecureHttp?: boolean;
  /** `--timeout`: seconds to wait for each answer of the server. */
  timeout?: number;
  /** `--max-answer-size`: the largest answer read, in bytes. */
  maxAnswerSize?: number;
  /** `--page-size`: rows per page of the reads. */
  pageSize?: number;
  /** `--concurrency`: requests in flight at most. */
  concurrency?: number;
  /** Set (to true, never to the value) when someone tries `--api-key`. */
  apiKey?: boolean;
}

/** Seconds the session waits for an answer by default (headers and body). */
export const DEFAULT_TIMEOUT_SECONDS = 120;

/** The default of `--max-answer-size`, in MiB (the session's DEFAULT_MAX_ANSWER_BYTES). */
export const DEFAULT_MAX_ANSWER_MIB = 64;

/**
 * The defaults of `--page-size` and `--concurrency` (the session's DEFAULT_PAGE_SIZE and
 * DEFAULT_CONCURRENCY, repeated so that the command definitions load no session code; a
 * test keeps them equal).
 */
export const DEFAULT_PAGE_SIZE_ROWS = 2000;
export const DEFAULT_CONCURRENT_REQUESTS = 4;

/** The largest `--page-size`: 10,000 rows is a few MB, far inside `--max-answer-size`. */
const MAX_PAGE_SIZE = 10_000;
/** The largest `--concurrency`. */
const MAX_CONCURRENCY = 32;

/** A `--page-size` value: a whole number of rows, 1 to 10000. */
export function parsePageSize(value: string): number {
  return wholeNumber(value, MAX_PAGE_SIZE, 'rows');
}

/** A `--concurrency` value: a whole number of requests, 1 to 32. */
export function parseConcurrency(value: string): number {
  return wholeNumber(value, MAX_CONCURRENCY, 'requests');
}

function wholeNumber(value: string, max: number, unit: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= max)) {
    throw new InvalidArgumentError(`expected a whole number of ${unit} from 1 to ${max}.`);
  }
  return n;
}

/** A `--max-answer-size` value: a whole number of MiB, 1 to 4096; returns bytes. */
export function parseMaxAnswerSize(value: string): number {
  const mib = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(mib >= 1 && mib <= 4096)) {
    throw new InvalidArgumentError('expected a whole number of MiB from 1 to 4096.');
  }
  return mib * 1024 * 1024;
}

/** A `--timeout` value: a whole number of seconds, 1 to 3600. */
export function parseTimeoutSeconds(value: string): number {
  const seconds = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(seconds >= 1 && seconds <= 3600)) {
    throw new InvalidArgumentError('expected a whole number of seconds from 1 to 3600.');
  }
  return seconds;
}

/**
 * Adds `--server`, `--api-user`, `--api-key-file`, `--insecure-http`, `--timeout`,
 * `--max-answer-size`, `--page-size` and `--concurrency` to a command.
 */
export function addConnectionOptions(command: Command): Command {
  return command
    .option(
      '--server <url>',
      'ftrack server URL (default: $FTRACK_SERVER; reached through $HTTPS_PROXY unless in $NO_PROXY)',
    )
    .option('--api-user <name>', 'ftrack user the API key belongs to (default: $FTRACK_API_USER)')
    .option(
      '--api-key-file <file>',
      'file holding the API key (default: the key in $FTRACK_API_KEY; never pass a key as an argument)',
    )
    .option('--insecure-http', 'allow plain http:// to a host that is not loopback')
    .option(
      '--timeout <seconds>',
      `seconds each whole answer of the server may take (default: ${DEFAULT_TIMEOUT_SECONDS}; raise it for a slow server or a very large apply)`,
      parseTimeoutSeconds,
    )
    .option(
      '--max-answer-size <MiB>',
      `refuse an answer of the server larger than this (default: ${DEFAULT_MAX_ANSWER_MIB})`,
      parseMaxAnswerSize,
    )
    .option(
      '--page-size <rows>',
      `rows asked per page when reading the server, 1 to ${MAX_PAGE_SIZE} (default: ${DEFAULT_PAGE_SIZE_ROWS}; a server that answers fewer is followed at its own size)`,
      parsePageSize,
    )
    .option(
      '--concurrency <n>',
      `requests to the server in flight at most, 1 to ${MAX_CONCURRENCY} (default: ${DEFAULT_CONCURRENT_REQUESTS}; halved when the server answers 429 Too Many Requests, then grown back)`,
      parseConcurrency,
    )
    .addOption(
      // Accepted only to refuse it: the value is dropped at once so it is never echoed.
      new Option('--api-key <key>').hideHelp().argParser(() => true),
    );
}
