import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { inspect } from 'node:util';
import type { Dispatcher } from 'undici';
import { InternalError, type ServerCallError } from '../diagnostics/index.js';
import type { Operation } from '../wire/index.js';
import {
  HEADER_API_KEY,
  HEADER_CLIENT_TOKEN,
  HEADER_STRICT_API,
  HEADER_USER,
} from '../wire/index.js';
import { redactError, type ApiKey } from './api-key.js';
import type { ConnectionSettings } from './connection.js';
import { describeProxy } from './proxy.js';
import { sendAttempt } from './send-attempt.js';
import { DEFAULT_MAX_ANSWER_BYTES, isWriteBatch, type SessionOptions } from './session.js';
import { resolveTimeouts } from './session-options.js';
import { DEFAULT_PAGE_SIZE } from './paging.js';
import { openDispatcher } from './undici-pool.js';

/**
 * One answer of the server as `doctor` sees it: what the session would make of it (the
 * results, or the typed error), plus what the session does not keep: the HTTP status, the
 * time the answer took, the `Date` header, `Retry-After`, and whether TLS failed.
 */
export type ProbeAnswer = {
  /** Milliseconds from sending the request to the end of its answer (monotonic clock). */
  ms: number;
  /** The `Date` response header, as sent. */
  date?: string;
  status?: number;
} & (
  | { ok: true; results: unknown[]; bytes: number }
  | { ok: false; error: ServerCallError; retryAfterMs?: number; tls: boolean }
);

/** Connections the probe opens at most: enough for its parallel measurements. */
const PROBE_CONNECTIONS = 8;

/**
 * A read-only client for `ftrack-roles doctor`: one POST per `read`, never retried, never
 * a write (a batch with any action but a read is refused before anything is sent), with
 * the same headers, pool, proxy, TLS, timeouts and answer classification as the Session
 * (send-attempt.ts, classify.ts). Errors never hold the key.
 */
export class ServerProbe {
  readonly server: string;
  readonly apiUser: string;
  /** Rows per page the paged reads ask (`--page-size`). */
  readonly pageSize: number;
  /** The proxy the requests go through, without credentials. */
  readonly proxy: string | undefined;
  readonly #key: ApiKey;
  readonly #pool: Dispatcher;
  readonly #send: (options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
  readonly #path: string;
  readonly #headers: Record<string, string>;
  readonly #answerMs: number;
  readonly #maxAnswerBytes: number;

  constructor(settings: ConnectionSettings, options: SessionOptions = {}) {
    this.server = settings.server;
    this.apiUser = settings.apiUser;
    this.#key = settings.apiKey;
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const url = new URL(settings.server);
    this.#path = `${url.pathname.replace(/\/+$/, '')}/api`;
    const timeouts = resolveTimeouts(options);
    this.#answerMs = timeouts.answerMs;
    this.#maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
    const dispatcher = openDispatcher(url, {
      timeouts,
      connections: PROBE_CONNECTIONS,
      ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
      ...(options.tls?.ca === undefined ? {} : { ca: options.tls.ca }),
    });
    this.#pool = dispatcher.pool;
    this.#send = dispatcher.send;
    this.proxy = options.proxy === undefined ? undefined : describeProxy(options.proxy);
    this.#headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      [HEADER_USER]: settings.apiUser,
      [HEADER_CLIENT_TOKEN]: options.clientToken ?? `ftrack-roles--${randomUUID()}`,
      [HEADER_STRICT_API]: options.strictApi === false ? 'false' : 'true',
      ...(options.userAgent === undefined ? {} : { 'user-agent': options.userAgent }),
    };
  }

  /** Sends one read-only batch once and describes its answer; never throws for the server. */
  async read(operations: readonly Operation[]): Promise<ProbeAnswer> {
    if (isWriteBatch(operations)) {
      throw new InternalError('doctor sends reads only: a write reached the probe.');
    }
    let date: string | undefined;
    const send = async (request: Dispatcher.RequestOptions) => {
      const response = await this.#send(request);
      const header = response.headers['date'];
      date = Array.isArray(header) ? header[0] : header;
      return response;
    };
    const started = performance.now();
    const outcome = await sendAttempt({
      send,
      path: this.#path,
      headers: { ...this.#headers, [HEADER_API_KEY]: this.#key.reveal() },
      body: JSON.stringify(operations),
      server: this.server,
      ...(this.proxy === undefined ? {} : { proxy: this.proxy }),
      write: false,
      now: Date.now,
      answerMs: this.#answerMs,
      maxAnswerBytes: this.#maxAnswerBytes,
    });
    const seen = {
      ms: performance.now() - started,
      ...(date === undefined ? {} : { date }),
      ...(outcome.status === undefined ? {} : { status: outcome.status }),
    };
    if (outcome.ok) return { ...seen, ok: true, results: outcome.results, bytes: outcome.bytes };
    const { error, retryAfterMs } = outcome.failure;
    return {
      ...seen,
      ok: false,
      error: redactError(error, this.#key),
      tls: outcome.status === undefined && isTlsCode(error.errorCode),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }

  async close(): Promise<void> {
    await this.#pool.destroy();
  }

  [inspect.custom](): string {
    return `ServerProbe { server: '${this.server}', apiUser: '${this.apiUser}' }`;
  }

  toJSON(): { server: string; apiUser: string } {
    return { server: this.server, apiUser: this.apiUser };
  }
}

/** The error codes of a failed TLS handshake (the test classify.ts makes for its hint). */
function isTlsCode(code: string | null | undefined): boolean {
  if (typeof code !== 'string') return false;
  return code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL');
}

/** Opens a probe (no request is sent until the first read). */
export function openServerProbe(
  settings: ConnectionSettings,
  options?: SessionOptions,
): ServerProbe {
  return new ServerProbe(settings, options);
}
