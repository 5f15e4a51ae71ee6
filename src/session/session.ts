import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import type { Dispatcher } from 'undici';
import { MalformedResponseError } from '../diagnostics/index.js';
import type { Operation, QueryResult } from '../wire/index.js';
import {
  HEADER_API_KEY,
  HEADER_CLIENT_TOKEN,
  HEADER_STRICT_API,
  HEADER_USER,
} from '../wire/index.js';
import { redactError, redactText, type ApiKey } from './api-key.js';
import type { ConnectionSettings } from './connection.js';
import { readQueryResult } from './query-result.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry.js';
import { sendAttempt, type AttemptOutcome } from './send-attempt.js';
import { describeProxy } from './proxy.js';
import { loadPoolModule, loadProxyAgent } from './undici-pool.js';

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
  /** Keep-alive connections to the server at most. Default 8. */
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
  /** The batch changes data: sent once, never retried. Also inferred from the actions. */
  write?: boolean;
}

const READ_ACTIONS = new Set(['query', 'query_server_information', 'query_schemas']);

/** True when a batch holds an action other than a read. */
export function isWriteBatch(operations: readonly Operation[]): boolean {
  return operations.some((operation) => !READ_ACTIONS.has(operation.action));
}

/**
 * A client of one ftrack server's `/api` endpoint over an undici keep-alive pool.
 * Reads are retried with backoff; writes are sent once. Errors are typed and never hold the key.
 */
export class Session {
  readonly server: string;
  readonly apiUser: string;
  readonly #key: ApiKey;
  readonly #pool: Dispatcher;
  #closed: Promise<void> | undefined;
  readonly #send: (options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
  readonly #path: string;
  /** The proxy, without credentials, for messages. */
  readonly #proxy: string | undefined;
  readonly #headers: Record<string, string>;
  readonly #policy: RetryPolicy;
  readonly #debug: (line: string) => void;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #closing = new AbortController();
  readonly #answerMs: number;
  readonly #maxAnswerBytes: number;

  constructor(settings: ConnectionSettings, options: SessionOptions = {}) {
    this.server = settings.server;
    this.apiUser = settings.apiUser;
    this.#key = settings.apiKey;
    const url = new URL(settings.server);
    this.#path = `${url.pathname.replace(/\/+$/, '')}/api`;
    const timeouts = {
      connectMs: 10_000,
      headersMs: 120_000,
      bodyMs: 60_000,
      answerMs: 120_000,
      ...options.timeouts,
    };
    this.#answerMs = timeouts.answerMs;
    this.#maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
    const undici = loadPoolModule();
    const connect = {
      timeout: timeouts.connectMs,
      ...(options.tls?.ca === undefined ? {} : { ca: options.tls.ca }),
    };
    const pooling = {
      connections: options.connections ?? 8,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      keepAliveTimeout: 4_000,
    };
    if (options.proxy === undefined) {
      this.#pool = new undici.Pool(url.origin, { ...pooling, connect });
    } else {
      const ProxyAgent = loadProxyAgent();
      this.#pool = new ProxyAgent({ uri: options.proxy, ...pooling, requestTls: connect });
    }
    this.#proxy = options.proxy === undefined ? undefined : describeProxy(options.proxy);
    const pool = this.#pool;
    const origin = url.origin;
    this.#send =
      options.proxy === undefined
        ? (request) => undici.request(pool, request)
        : (request) => undici.request(pool, { ...request, origin });
    this.#headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      [HEADER_USER]: settings.apiUser,
      [HEADER_CLIENT_TOKEN]: options.clientToken ?? `ftrack-roles--${randomUUID()}`,
      [HEADER_STRICT_API]: options.strictApi === false ? 'false' : 'true',
      ...(options.userAgent === undefined ? {} : { 'user-agent': options.userAgent }),
    };
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    const debug = options.debug;
    this.#debug = debug ? (line) => debug(redactText(line, this.#key)) : () => undefined;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
  }

  /** Sends one batch and resolves to its result array (one result per operation). */
  async call(operations: readonly Operation[], options: CallOptions = {}): Promise<unknown[]> {
    const write = options.write === true || isWriteBatch(operations);
    try {
      return await this.#callWithRetries(operations, write);
    } catch (error) {
      throw redactError(error, this.#key);
    }
  }

  /** Runs one query and checks the shape of its answer. */
  async query(expression: string): Promise<QueryResult> {
    const [result] = await this.call([{ action: 'query', expression }]);
    try {
      return readQueryResult(result);
    } catch (error) {
      throw redactError(error, this.#key);
    }
  }

  /**
   * Closes the connections. Requests still in flight (e.g. pages read ahead and no longer
   * needed) are aborted and pending retries given up, so nothing keeps the process alive.
   */
  async close(): Promise<void> {
    this.#closing.abort();
    this.#closed ??= this.#pool.destroy();
    await this.#closed;
  }

  [inspect.custom](): string {
    return `Session { server: '${this.server}', apiUser: '${this.apiUser}' }`;
  }

  toJSON(): { server: string; apiUser: string } {
    return { server: this.server, apiUser: this.apiUser };
  }

  async #callWithRetries(operations: readonly Operation[], write: boolean): Promise<unknown[]> {
    const body = JSON.stringify(operations);
    const actions = operations.map((o) => o.action).join(',');
    const started = this.#now();
    for (let attempt = 1; ; attempt++) {
      this.#debug(
        `POST ${this.server}/api [${actions}] ${write ? 'write' : 'read'}, attempt ${attempt}`,
      );
      const outcome = await this.#attempt(body, write);
      if (outcome.ok) {
        this.#debug(`HTTP ${outcome.status}, ${outcome.bytes} bytes, ${this.#now() - started} ms`);
        return checkResultCount(outcome.results, operations.length, this.server);
      }
      const { error, retryable, retryAfterMs } = outcome.failure;
      this.#debug(`failed${outcome.status ? ` (HTTP ${outcome.status})` : ''}: ${error.message}`);
      if (write || !retryable || attempt >= this.#policy.maxAttempts) {
        throw withAttempts(error, attempt);
      }
      const delay = retryDelayMs(this.#policy, attempt, this.#random, retryAfterMs);
      const late = this.#now() - started + delay > this.#policy.maxElapsedMs;
      if (late || this.#closing.signal.aborted) throw withAttempts(error, attempt);
      this.#debug(`retrying in ${delay} ms`);
      if (!(await this.#pause(delay))) throw withAttempts(error, attempt);
    }
  }

  /** Waits before a retry; false when the session was closed meanwhile. */
  async #pause(ms: number): Promise<boolean> {
    const signal = this.#closing.signal;
    let onAbort = (): void => undefined;
    const aborted = new Promise<boolean>((resolve) => {
      onAbort = () => resolve(false);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([this.#sleep(ms).then(() => !signal.aborted), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  #attempt(body: string, write: boolean): Promise<AttemptOutcome> {
    return sendAttempt({
      send: this.#send,
      path: this.#path,
      headers: { ...this.#headers, [HEADER_API_KEY]: this.#key.reveal() },
      body,
      server: this.server,
      ...(this.#proxy === undefined ? {} : { proxy: this.#proxy }),
      write,
      now: this.#now,
      answerMs: this.#answerMs,
      maxAnswerBytes: this.#maxAnswerBytes,
    });
  }
}

function checkResultCount(results: unknown[], expected: number, server: string): unknown[] {
  if (results.length !== expected) {
    throw new MalformedResponseError(
      `${server} answered ${results.length} results for ${expected} operations.`,
    );
  }
  return results;
}

function withAttempts<T extends Error>(error: T, attempts: number): T {
  if (attempts > 1) error.message = `${error.message} (gave up after ${attempts} attempts)`;
  return error;
}

/** Opens a session (no request is sent until the first call). */
export function openSession(settings: ConnectionSettings, options?: SessionOptions): Session {
  return new Session(settings, options);
}
