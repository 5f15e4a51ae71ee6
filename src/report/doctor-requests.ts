import type { DoctorCheck } from './doctor-types.js';
import { plural } from '../model/index.js';

/** The request bodies tried, in order: up to what an apply of thousands of operations sends. */
export const BODY_SIZES = [64 * 1024, 256 * 1024, 1024 * 1024] as const;

/**
 * Bytes one apply operation takes in the request body: a project grant with three ids, as
 * JSON, plus its comma.
 */
export const BYTES_PER_OPERATION =
  JSON.stringify({
    action: 'grant_user_security_role_project',
    user_id: '00000000-0000-0000-0000-000000000000',
    role_id: '00000000-0000-0000-0000-000000000000',
    project_id: '00000000-0000-0000-0000-000000000000',
  }).length + 1;

/** The answer to one body size: accepted, refused with a status, or the request failed. */
export interface BodyStepSeen {
  bytes: number;
  ok: boolean;
  status?: number;
  message?: string;
}

const size = (bytes: number) =>
  bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / 1024 / 1024} MiB`
    : `${Math.round(bytes / 1024)} KiB`;
const operations = (bytes: number) =>
  Math.floor(bytes / BYTES_PER_OPERATION).toLocaleString('en-US');

/**
 * The largest request body the server takes: growing read-only requests, then a few more
 * between the largest accepted and the smallest refused; HTTP 413 (or a failed request)
 * is a refusal. apply sends all its operations in one body.
 */
export function checkBodySize(steps: readonly BodyStepSeen[]): DoctorCheck {
  const refusals = steps.filter((s) => !s.ok).sort((a, b) => a.bytes - b.bytes);
  const accepted = Math.max(0, ...steps.filter((s) => s.ok).map((s) => s.bytes));
  const tried = steps.map((s) => ({
    bytes: s.bytes,
    ok: s.ok,
    ...(s.status ? { status: s.status } : {}),
  }));
  const details = { tried, largest_accepted: accepted, bytes_per_operation: BYTES_PER_OPERATION };
  const refused = refusals[0];
  if (refused === undefined) {
    return {
      id: 'body-size',
      status: 'ok',
      summary: `A request of ${size(accepted)} was accepted (an apply of about ${operations(accepted)} operations).`,
      details,
    };
  }
  const why =
    refused.status === 413
      ? 'HTTP 413, Content Too Large'
      : `${refused.status === undefined ? 'the request failed' : `HTTP ${refused.status}`}: ${refused.message ?? ''}`;
  const summary =
    accepted === 0
      ? `Every request tried was refused, the smallest of ${size(refused.bytes)} (${why}): even a small apply may be refused.`
      : `Requests are refused above a limit between ${size(accepted)} and ${size(refused.bytes)} (${why}): an apply of more than about ${operations(accepted)} operations may be refused, with nothing applied.`;
  return {
    id: 'body-size',
    status: 'warning',
    summary,
    hint: 'apply sends all its operations in one request: ask the server administrator to raise the request size limit (e.g. client_max_body_size of an nginx in front of ftrack), or apply the change in smaller steps.',
    details: { ...details, smallest_refused: refused.bytes },
  };
}

export interface RateSeen {
  /** Requests answered by the server during the doctor's run. */
  requests: number;
  /** From the doctor's first request to its last answer. */
  elapsedMs: number;
  /** The first HTTP 429: requests answered before it, when it came, its Retry-After. */
  first429?: { after: number; atMs: number; retryAfterMs?: number };
  /** The burst of small reads sent at the end (none after a 429). */
  burst: number;
}

/** A rate limit: the first HTTP 429 (Too Many Requests) met, and its `Retry-After`. */
export function checkRateLimit(seen: RateSeen): DoctorCheck {
  const seconds = (value: number) => `${Math.round(value / 100) / 10} s`;
  if (seen.first429 === undefined) {
    const rate = seen.elapsedMs > 0 ? Math.round((seen.requests * 1000) / seen.elapsedMs) : 0;
    return {
      id: 'rate-limit',
      status: 'ok',
      summary: `No HTTP 429: ${plural(seen.requests, 'request')} in ${seconds(seen.elapsedMs)} (about ${rate} a second, a burst of ${seen.burst} among them).`,
      details: {
        requests: seen.requests,
        elapsed_ms: Math.round(seen.elapsedMs),
        burst: seen.burst,
      },
    };
  }
  const { after, atMs, retryAfterMs } = seen.first429;
  const wait =
    retryAfterMs === undefined ? 'no Retry-After' : `Retry-After ${seconds(retryAfterMs)}`;
  return {
    id: 'rate-limit',
    status: 'info',
    summary: `HTTP 429 (Too Many Requests) after ${plural(after, 'request')} in ${seconds(atMs)}; ${wait}.`,
    hint: 'ftrack-roles waits as Retry-After says and halves its requests in flight: long reads take longer but complete; a lower --concurrency meets the limit less often.',
    details: {
      after,
      at_ms: Math.round(atMs),
      ...(retryAfterMs === undefined ? {} : { retry_after_ms: retryAfterMs }),
    },
  };
}
