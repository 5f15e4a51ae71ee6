import type { Dispatcher } from 'undici';
import {
  MalformedResponseError,
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
  write: boolean;
  now: () => number;
}

/** Statuses a read retries: rate limited, bad gateway, unavailable, gateway timeout. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** One POST to `/api`, classified: the result array, or why it failed. */
export async function sendAttempt(request: AttemptRequest): Promise<AttemptOutcome> {
  const { send, path, headers, body, server, write } = request;
  let response: Dispatcher.ResponseData;
  try {
    response = await send({ method: 'POST', path, headers, body });
  } catch (error) {
    return { ok: false, failure: failureFromNetwork(error, server, write, 'request') };
  }
  const status = response.statusCode;
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    return { ok: false, status, failure: failureFromNetwork(error, server, write, 'body') };
  }
  const answer = classifyAnswer(request, status, text, response.headers['retry-after']);
  if (!Array.isArray(answer)) return { ok: false, status, failure: answer };
  return { ok: true, results: answer, status, bytes: text.length };
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
