import type { Operation } from '../wire/index.js';
import type { RetryPolicy } from './retry.js';

export interface SessionTimeouts {
  /** TCP + TLS connect. Default 10 s. */
  connectMs: number;
  /** From sending the request until the response headers arrive. Default 120 s. */
  headersMs: number;
  /** Longest pause between two chunks of the response body. Default 60 s. */
  bodyMs: number;
  /**
   * The whole answer, from sending the request to its last byte: a server trickling its
   * answer cannot outlast it. Default 120 s.
   */
  answerMs: number;
}

/** The timeouts of a session: the defaults above, overridden by `options.timeouts`. */
export function resolveTimeouts(options: Pick<SessionOptions, 'timeouts'>): SessionTimeouts {
  return {
    connectMs: 10_000,
    headersMs: 120_000,
    bodyMs: 60_000,
    answerMs: 120_000,
    ...options.timeouts,
  };
}

/** The largest answer read by default (64 MiB), far above a real page or batch result. */
export const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export interface SessionOptions {
  timeouts?: Partial<SessionTimeouts>;
  /** Answers larger than this are refused, unread past it. Default 64 MiB. */
  maxAnswerBytes?: number;
  /** A proxy (http or https URL) reached with CONNECT: see proxyRoute. Default: none. */
  proxy?: string;
  /** The certificates (PEM) trusted for the server's TLS, instead of Node's store (tests). */
  tls?: { ca?: string };
  retry?: Partial<RetryPolicy>;
  /**
   * Requests in flight at most (`--concurrency`), halved on HTTP 429 and grown back after
   * successes (RequestGate). Default 8.
   */
  concurrency?: number;
  /** Rows per page of the paged reads through this session (`--page-size`). Default 2000. */
  pageSize?: number;
  /** Keep-alive connections to the server at most. Default: `concurrency`. */
  connections?: number;
  /** Send `ftrack-strict-api: true` (real HTTP statuses on errors). Default true. */
  strictApi?: boolean;
  /** `ftrack-clienttoken`; default `ftrack-roles--<uuid>`. */
  clientToken?: string;
  userAgent?: string;
  /** Receives one line per request, answer and retry; the key never appears in it. */
  debug?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface CallOptions {
  /**
   * The batch changes data: sent once, resent only after HTTP 429. Also inferred from the
   * actions.
   */
  write?: boolean;
}

const READ_ACTIONS = new Set(['query', 'query_server_information', 'query_schemas']);

/** True when a batch holds an action other than a read. */
export function isWriteBatch(operations: readonly Operation[]): boolean {
  return operations.some((operation) => !READ_ACTIONS.has(operation.action));
}
