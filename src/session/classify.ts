import {
  AuthenticationError,
  MalformedResponseError,
  NetworkError,
  PermissionDeniedError,
  ServerError,
  ServerValidationError,
  UnknownOutcomeError,
  type ServerCallError,
} from '../diagnostics/index.js';
import { answeredWithoutTls, withoutTlsHint } from '../model/server-url.js';

/** Why one HTTP attempt failed, and whether a read may try again. */
export interface AttemptFailure {
  error: ServerCallError;
  retryable: boolean;
  /** From a `Retry-After` header, in milliseconds. */
  retryAfterMs?: number;
}

/** The top-level error object the server answers instead of the result array. */
export interface ServerException {
  exception: string;
  content: string;
  errorCode: string | null;
}

/** Reads `{exception, content, error_code}` from a parsed body, if it is one. */
export function readServerException(body: unknown): ServerException | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record['exception'] !== 'string') return undefined;
  const content = record['content'];
  const code = record['error_code'];
  return {
    exception: record['exception'],
    content: typeof content === 'string' ? content : JSON.stringify(content ?? ''),
    errorCode: typeof code === 'string' ? code : null,
  };
}

/** Maps a server exception name to the typed errors of src/diagnostics. */
export function errorFromException(found: ServerException, status: number): ServerCallError {
  const { exception, content, errorCode } = found;
  const detail = `${exception}${errorCode === null ? '' : `, ${errorCode}`}`;
  switch (exception) {
    case 'InvalidCredentialsError':
    case 'FTAuthenticationError':
      return new AuthenticationError(
        `ftrack refused the API user or key (${detail}): ${content}`,
        exception,
        errorCode,
      );
    case 'PermissionError':
      return new PermissionDeniedError(
        `Permission denied (${detail}): ${content}`,
        exception,
        errorCode,
      );
    case 'ValidationError':
      return new ServerValidationError(
        `The server rejected the request (${detail}): ${content}`,
        exception,
        errorCode,
      );
    default:
      return new ServerError(
        `The server reported an error (${detail}, HTTP ${status}): ${content}`,
        exception,
        errorCode,
      );
  }
}

/** Codes of failures that happen before the request is sent (so nothing reached the server). */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The error code of a network failure (also looking into an AggregateError). */
export function networkErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const innerCode = (inner as { code?: unknown } | null)?.code;
      if (typeof innerCode === 'string') return innerCode;
    }
  }
  return 'UNKNOWN';
}

function isTlsFailure(code: string): boolean {
  return code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL');
}

/** undici's error when the proxy answers CONNECT with another status than 200. */
const TUNNEL_REFUSED = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;

/**
 * A transport failure. For a write that may have reached the server (reset, timeout,
 * truncated answer) this is an `UnknownOutcomeError`; a refused connection sends nothing.
 * `proxy` (no credentials) is the proxy the request went through, if any.
 */
export function failureFromNetwork(
  error: unknown,
  server: string,
  write: boolean,
  phase: 'request' | 'body',
  proxy?: string,
): AttemptFailure {
  const code = networkErrorCode(error);
  const reason =
    error instanceof Error && error.message !== '' ? opensslReason(error.message) : code;
  const tunnel = proxy === undefined ? null : TUNNEL_REFUSED.exec(reason);
  if (tunnel !== null && phase === 'request')
    return tunnelRefused(server, proxy!, tunnel[1]!, error);
  const notSent = phase === 'request' && (NOT_SENT_CODES.has(code) || isTlsFailure(code));
  if (write && !notSent) {
    return {
      error: new UnknownOutcomeError(
        `The connection to ${server} failed after the changes were sent (${code}: ${reason}); ` +
          'the server may or may not have applied them. Re-read the state before trying again.',
        undefined,
        code,
        { cause: error },
      ),
      retryable: false,
    };
  }
  if (phase === 'body') {
    return {
      error: new MalformedResponseError(
        `The answer from ${server} was cut off (${code}: ${reason}).`,
        undefined,
        code,
        { cause: error },
      ),
      retryable: true,
    };
  }
  const via = proxy === undefined ? '' : ` through the proxy ${proxy}`;
  const hint = networkHint(code, reason, server);
  return {
    error: new NetworkError(
      `Could not talk to ${server}${via} (${code}: ${reason}).${hint}`,
      undefined,
      code,
      { cause: error },
    ),
    // A request undici refuses to build (an invalid header) fails the same way every time.
    retryable: !isTlsFailure(code) && code !== 'UND_ERR_INVALID_ARG',
  };
}

/**
 * OpenSSL's reason without its error queue's prefix and source position:
 * `80…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/…:350:`
 * → `wrong version number`. Other messages are kept (trimmed).
 */
function opensslReason(message: string): string {
  const found = /^[0-9A-F]+:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):/.exec(message.trim());
  return found === null ? message.trim() : found[1]!;
}

/** Closed before answering: what a TLS server does with a plain http request. */
const CLOSED_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET']);

/**
 * The hint of a failed request: an https URL of a server that speaks plain http, a plain
 * http URL of a server that closes the connection (one that speaks https only does), a
 * certificate that is not trusted.
 */
function networkHint(code: string, reason: string, server: string): string {
  if (answeredWithoutTls(code, reason)) return ` ${withoutTlsHint(server)}`;
  if (isTlsFailure(code)) {
    return " The server's certificate is not trusted: if a proxy or firewall re-signs TLS, give Node its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem.";
  }
  if (CLOSED_CODES.has(code) && /^http:/i.test(server)) {
    return ` If the server speaks https only, use ${server.replace(/^http:/i, 'https:')}.`;
  }
  return '';
}

/** The proxy refused the CONNECT tunnel: nothing reached the server. */
function tunnelRefused(
  server: string,
  proxy: string,
  status: string,
  cause: unknown,
): AttemptFailure {
  const why =
    status === '407'
      ? 'it wants credentials: give them in the proxy URL, as http://user:password@host:port'
      : status === '403'
        ? 'it does not allow this host: ask for it to be allowed, or exclude it with NO_PROXY if it is reachable directly'
        : 'check that the proxy can reach the server';
  return {
    error: new NetworkError(
      `The proxy ${proxy} refused the tunnel to ${server} (HTTP ${status}): ${why}. Nothing was sent to the server.`,
      undefined,
      `PROXY_${status}`,
      { cause },
    ),
    // A proxy's bad gateway or unavailability may pass; its refusals do not.
    retryable: Number(status) >= 500,
  };
}
