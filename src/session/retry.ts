/** How reads are retried. Writes are never retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retry). Default 5. */
  maxAttempts: number;
  /** No retry is started once this much time has passed since the first attempt. Default 60 s. */
  maxElapsedMs: number;
  /** The first backoff before jitter. Default 250 ms. */
  baseDelayMs: number;
  /** The largest backoff before jitter. Default 8 s. */
  maxDelayMs: number;
  /** A server's `Retry-After` is honoured up to this. Default 30 s. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  maxElapsedMs: 60_000,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

/**
 * The wait before retry number `retry` (1-based): exponential backoff with "equal jitter",
 * between half and all of `min(maxDelay, base * 2^(retry-1))`. A `Retry-After` from the
 * server wins when it is longer, capped at `maxRetryAfterMs`.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const backoff = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  if (retryAfterMs === undefined) return backoff;
  return Math.max(backoff, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

/**
 * Parses a `Retry-After` header: delta seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns milliseconds from `now`, or undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number,
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^[A-Za-z]{3}\b/.test(text)) return undefined; // HTTP dates start with the day name
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
