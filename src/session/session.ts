import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import type { Dispatcher } from 'undici';
import { MalformedResponseError, NetworkError } from '../diagnostics/index.js';
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
import { DEFAULT_PAGE_SIZE } from './paging.js';
import {
  DEFAULT_CONCURRENCY,
  RequestGate,
  type GateTicket,
  type RequestStats,
} from './request-gate.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry.js';
import { sendAttempt, type AttemptOutcome } from './send-attempt.js';
import {
  DEFAULT_MAX_ANSWER_BYTES,
  isWriteBatch,
  resolveTimeouts,
  type CallOptions,
  type SessionOptions,
} from './session-options.js';
import { describeProxy } from './proxy.js';
import { openDispatcher } from './undici-pool.js';
import { plural } from '../model/index.js';

export { DEFAULT_MAX_ANSWER_BYTES, isWriteBatch, type SessionOptions } from './session-options.js';

/**
 * A client of one ftrack server's `/api` endpoint over an undici keep-alive pool.
 * Reads are retried with backoff; writes are sent once, resent only after an HTTP 429 (the
 * server refused them unexecuted). The requests in flight adapt to the server (RequestGate).
 * Errors are typed and never hold the key.
 */
export class Session {
  readonly server: string;
  readonly apiUser: string;
  /** Rows per page of paged reads (QueryRunner). */
  readonly pageSize: number;
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
  readonly #gate: RequestGate;

  constructor(settings: ConnectionSettings, options: SessionOptions = {}) {
    this.server = settings.server;
    this.apiUser = settings.apiUser;
    this.#key = settings.apiKey;
    const url = new URL(settings.server);
    this.#path = `${url.pathname.replace(/\/+$/, '')}/api`;
    const timeouts = resolveTimeouts(options);
    this.#answerMs = timeouts.answerMs;
    this.#maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.#gate = new RequestGate(concurrency);
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const dispatcher = openDispatcher(url, {
      timeouts,
      connections: options.connections ?? concurrency,
      ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
      ...(options.tls?.ca === undefined ? {} : { ca: options.tls.ca }),
    });
    this.#pool = dispatcher.pool;
    this.#send = dispatcher.send;
    this.#proxy = options.proxy === undefined ? undefined : describeProxy(options.proxy);
    this.#headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      [HEADER_USER]: settings.apiUser,
      [HEADER_CLIENT_TOKEN]: options.clientToken ?? `ftrack-roles--${randomUUID()}`,
      [HEADER_STRICT_API]: options.strictApi === false ? 'false' : 'true',
      ...(options.userAgent === undefined ? {} : { 'user-agent': options.userAgent }),
    };
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    // A Retry-After is waited no longer than an answer may take (--timeout).
    this.#policy = { ...policy, maxRetryAfterMs: Math.min(policy.maxRetryAfterMs, this.#answerMs) };
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
   * Requests this session lets in flight now: `concurrency`, halved on HTTP 429 and grown
   * back after successes. Paged reads read no more pages ahead than this (QueryRunner).
   */
  get concurrency(): number {
    return this.#gate.limit;
  }

  /** The requests in flight so far, and the HTTP 429 answers. */
  requestStats(): RequestStats {
    return this.#gate.stats();
  }

  /**
   * Closes the connections. Requests still in flight (e.g. pages read ahead and no longer
   * needed) are aborted and pending retries given up, so nothing keeps the process alive.
   */
  async close(): Promise<void> {
    this.#closing.abort();
    this.#gate.open();
    this.#closed ??= this.#pool.destroy();
    await this.#closed;
  }

  [inspect.custom](): string {
    return `Session { server: '${this.server}', apiUser: '${this.apiUser}' }`;
  }

  toJSON(): { server: string; apiUser: string } {
    return { server: this.server, apiUser: this.apiUser };
  }

  /**
   * Sends a batch through the gate, retrying a read (and a write after HTTP 429, which
   * the server did not execute) as the policy allows.
   */
  async #callWithRetries(operations: readonly Operation[], write: boolean): Promise<unknown[]> {
    const body = JSON.stringify(operations);
    const actions = operations.map((o) => o.action).join(',');
    const kind = kindOf(operations, actions);
    let started: number | undefined;
    for (let attempt = 1; ; attempt++) {
      const ticket = await this.#gate.acquire(attempt > 1, kind);
      if (this.#closing.signal.aborted) {
        this.#gate.release(ticket, 'failed');
        throw new NetworkError(`The session to ${this.server} was closed; nothing was sent.`);
      }
      started ??= this.#now();
      this.#debug(
        `POST ${this.server}/api [${actions}] ${write ? 'write' : 'read'}, attempt ${attempt}`,
      );
      const outcome = await this.#attempt(body, write).catch((error: unknown) => {
        this.#gate.release(ticket, 'failed');
        throw error;
      });
      const rateLimited = !outcome.ok && outcome.status === 429;
      this.#release(ticket, outcome.ok ? 'ok' : rateLimited ? 'rate-limited' : 'failed');
      if (outcome.ok) {
        this.#debug(`HTTP ${outcome.status}, ${outcome.bytes} bytes, ${this.#now() - started} ms`);
        return checkResultCount(outcome.results, operations.length, this.server);
      }
      const { error, retryable, retryAfterMs } = outcome.failure;
      this.#debug(`failed${outcome.status ? ` (HTTP ${outcome.status})` : ''}: ${error.message}`);
      // A write is resent only after a 429: the server refused it unexecuted.
      if ((write && !rateLimited) || !retryable || attempt >= this.#policy.maxAttempts) {
        throw withAttempts(error, attempt);
      }
      const delay = retryDelayMs(this.#policy, attempt, this.#random, retryAfterMs);
      const late = this.#now() - started + delay > this.#policy.maxElapsedMs;
      if (late || this.#closing.signal.aborted) throw withAttempts(error, attempt);
      this.#debug(`retrying in ${delay} ms`);
      const pause = this.#pause(delay);
      // The server asked the client to slow down: nothing else is sent meanwhile either.
      if (rateLimited || retryAfterMs !== undefined) this.#gate.holdOff(pause);
      if (!(await pause)) throw withAttempts(error, attempt);
    }
  }

  /** Frees a request's slot in the gate, saying when the limit changed (and why). */
  #release(ticket: GateTicket, outcome: 'ok' | 'rate-limited' | 'failed'): void {
    const before = this.#gate.limit;
    this.#gate.release(ticket, outcome);
    const after = this.#gate.limit;
    if (after !== before) {
      const why = after < before && outcome === 'ok' ? ': the server queued an answer' : '';
      this.#debug(`requests in flight at most: ${after} (was ${before})${why}`);
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
      `${server} answered ${plural(results.length, 'result')} for ${plural(expected, 'operation')}.`,
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

/**
 * The kind of a batch for the gate: one query's pages are one kind (the expression without
 * its offset and limit), any other batch its actions.
 */
function kindOf(operations: readonly Operation[], actions: string): string {
  const [first] = operations;
  if (operations.length === 1 && first?.action === 'query' && 'expression' in first) {
    return String(first.expression).replace(/\s+offset\s+\d+\s+limit\s+\d+\s*$/, '');
  }
  return actions;
}
