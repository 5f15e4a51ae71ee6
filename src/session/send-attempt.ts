import type { Dispatcher } from 'undici';
import {
  MalformedResponseError,
  NetworkError,
  ServerError,
  UnknownOutcomeError,
  type ServerCallError,
} from '../diagnostics/index.js';
import {
  errorFromException,
  failureFromNetwork,
  readServerException,
  type AttemptFailure,
} from './classify.js';
import { parseRetryAfter } from './retry.js';
import { apiSuffixOf } from '../model/server-url.js';

export type AttemptOutcome =
  | { ok: true; results: unknown[]; status: number; bytes: number }
  | { ok: false; failure: AttemptFailure; status?: number };

export interface AttemptRequest {
  /** Sends the request (the session's pool). */
  send: (options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** For messages only. */
  server: string;
  /** The proxy the requests go through, without credentials (for messages). */
  proxy?: string;
  write: boolean;
  now: () => number;
  /** The whole answer must come within this (from sending to the last byte). */
  answerMs: number;
  /** An answer larger than this is refused, unread past it. */
  maxAnswerBytes: number;
}

/** Statuses a read retries: rate limited, bad gateway, unavailable, gateway timeout. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** One POST to `/api`, classified: the result array, or why it failed. */
export async function sendAttempt(request: AttemptRequest): Promise<AttemptOutcome> {
  const { send, path, headers, body, server, write } = request;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), request.answerMs);
  try {
    let response: Dispatcher.ResponseData;
    try {
      response = await send({ method: 'POST', path, headers, body, signal: deadline.signal });
    } catch (error) {
      if (deadline.signal.aborted) return { ok: false, failure: answerTimeout(request) };
      return {
        ok: false,
        failure: failureFromNetwork(error, server, write, 'request', request.proxy),
      };
    }
    const status = response.statusCode;
    let text: string;
    try {
      const read = await readBounded(response.body, request.maxAnswerBytes);
      if (read === undefined) return { ok: false, status, failure: answerTooLarge(request) };
      text = read;
    } catch (error) {
      if (deadline.signal.aborted) return { ok: false, status, failure: answerTimeout(request) };
      return {
        ok: false,
        status,
        failure: failureFromNetwork(error, server, write, 'body', request.proxy),
      };
    }
    const location = response.headers['location'];
    if (status >= 300 && status < 400 && typeof location === 'string') {
      return { ok: false, status, failure: redirected(request.server, status, location) };
    }
    const answer = classifyAnswer(request, status, text, response.headers['retry-after']);
    if (!Array.isArray(answer)) return { ok: false, status, failure: answer };
    return { ok: true, results: answer, status, bytes: text.length };
  } finally {
    clearTimeout(timer);
  }
}

/** The body as UTF-8 text, or undefined (and the rest left unread) once it passes `max` bytes. */
async function readBounded(
  body: Dispatcher.ResponseData['body'],
  max: number,
): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > max) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length).toString('utf8');
}

/** The answer did not end within `answerMs`: never retried (a larger --timeout may help). */
function answerTimeout(request: AttemptRequest): AttemptFailure {
  const seconds = Math.round(request.answerMs / 1000);
  const what = `${request.server} did not finish its answer within ${seconds} s`;
  if (request.write)
    return { error: unknownOutcome(request.server, `${what} (--timeout)`), retryable: false };
  return {
    error: new NetworkError(
      `${what} (--timeout ${seconds}); raise --timeout for a slow server.`,
      undefined,
      'ANSWER_TIMEOUT',
    ),
    retryable: false,
  };
}

/** The answer passed `maxAnswerBytes`: never retried. */
function answerTooLarge(request: AttemptRequest): AttemptFailure {
  const mib = Math.round((request.maxAnswerBytes / 1024 / 1024) * 100) / 100;
  const what = `the answer of ${request.server} is larger than ${mib} MiB`;
  if (request.write) return { error: unknownOutcome(request.server, what), retryable: false };
  return {
    error: new MalformedResponseError(
      `${what[0]!.toUpperCase()}${what.slice(1)}; it was not read further (raise --max-answer-size if the server is right).`,
      undefined,
      'ANSWER_TOO_LARGE',
    ),
    retryable: false,
  };
}

/**
 * A redirect is not followed (the API key would go along to wherever it points): the error
 * names the address to give instead, e.g. the https:// one a plain http URL is sent on to.
 */
function redirected(server: string, status: number, location: string): AttemptFailure {
  let use: string | undefined;
  try {
    const url = new URL(location, `${server}/api`);
    use = apiSuffixOf(url)?.use ?? `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    use = undefined;
  }
  const hint = use === undefined ? '' : ` If that is the ftrack server, use --server ${use}.`;
  return {
    error: new ServerError(
      `${server} answered HTTP ${status}, a redirect to ${location}: ftrack-roles does not follow redirects (the API key would go along).${hint}`,
      undefined,
      String(status),
    ),
    retryable: false,
  };
}

function classifyAnswer(
  request: AttemptRequest,
  status: number,
  text: string,
  retryAfter: string | string[] | undefined,
): AttemptFailure | unknown[] {
  const { server, write } = request;
  const parsed = parseJson(text);
  const found = parsed.ok ? readServerException(parsed.value) : undefined;
  if (RETRYABLE_STATUSES.has(status)) {
    const error = found
      ? errorFromException(found, status)
      : write && (status === 502 || status === 504)
        ? unknownOutcome(server, `HTTP ${status}`)
        : new ServerError(
            `${server} answered HTTP ${status}${snippet(text)}.`,
            undefined,
            String(status),
          );
    const retryAfterMs = parseRetryAfter(retryAfter, request.now());
    return { error, retryable: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  if (found) return { error: errorFromException(found, status), retryable: false };
  if (status < 200 || status > 299) {
    const error = new ServerError(
      `${server} answered HTTP ${status}${snippet(text)}.`,
      undefined,
      String(status),
    );
    return { error, retryable: false };
  }
  if (!parsed.ok || !Array.isArray(parsed.value)) {
    const what = parsed.ok ? 'JSON that is not a result array' : 'a body that is not JSON';
    const malformed = new MalformedResponseError(`${server} answered ${what}${snippet(text)}.`);
    const error: ServerCallError = write
      ? unknownOutcome(server, 'unreadable answer', malformed)
      : malformed;
    return { error, retryable: false };
  }
  return parsed.value as unknown[];
}

function unknownOutcome(server: string, reason: string, cause?: unknown): UnknownOutcomeError {
  return new UnknownOutcomeError(
    `No usable answer from ${server} after the changes were sent (${reason}); ` +
      'the server may or may not have applied them. Re-read the state before trying again.',
    undefined,
    null,
    cause === undefined ? undefined : { cause },
  );
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The start of a body, for error messages (single line, at most 120 characters). */
function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return '';
  return `: ${line.length > 120 ? `${line.slice(0, 120)}…` : line}`;
}
