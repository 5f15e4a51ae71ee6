import type { DoctorCheck } from './doctor-types.js';

/** A round trip at or above this is slow (warning): every page and the apply wait for it. */
export const SLOW_ROUND_TRIP_MS = 1000;
/** Below this, a round trip is too short to see requests queueing on the server. */
export const MEASURABLE_ROUND_TRIP_MS = 20;

/** One query of the page-size probe: rows answered and the next offset named. */
export interface PageTableSeen {
  type: string;
  rows: number;
  next: number | null;
}

export type PageSeen =
  | { ok: true; asked: number; tables: readonly PageTableSeen[]; ms: number }
  | { ok: false; asked: number; error: Error };

/** The median of some numbers (0 for none). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (value: number) => `${Math.round(value)} ms`;
const count = (n: number) => n.toLocaleString('en-US');

/**
 * The page size the server accepts: a page shorter than asked that still names a next
 * offset is a cap. The page's time beyond a round trip, per row, is the cost of a row.
 */
export function checkPageSize(seen: PageSeen, roundTripMs: number | undefined): DoctorCheck {
  if (!seen.ok) {
    return {
      id: 'page-size',
      status: 'error',
      summary: `A page of ${count(seen.asked)} rows was refused: ${seen.error.message}`,
      hint: 'Lower --page-size, or check the permission of the API user to read these types.',
    };
  }
  const capped = seen.tables.filter((t) => t.rows < seen.asked && t.next !== null);
  const over = seen.tables.find((t) => t.rows > seen.asked);
  const { perRow, cost } = rowCost(seen, roundTripMs);
  const details = {
    asked: seen.asked,
    tables: seen.tables,
    ms: Math.round(seen.ms),
    ...(perRow >= 1 ? { ms_per_row: Math.round(perRow * 10) / 10 } : {}),
  };
  if (over !== undefined) {
    return {
      id: 'page-size',
      status: 'warning',
      summary: `Asked for ${count(seen.asked)} rows, the server answered ${count(over.rows)} of ${over.type}: it ignores limit${cost}.`,
      hint: 'Reads still follow metadata.next.offset; report this server behaviour.',
      details,
    };
  }
  if (capped.length > 0) {
    const cap = Math.min(...capped.map((t) => t.rows));
    return {
      id: 'page-size',
      status: 'info',
      summary: `Pages of at most ${count(cap)} rows (asked ${count(seen.asked)}; the server named the next offset)${cost}.`,
      hint: `ftrack-roles follows the server's next offset, one request per ${count(cap)} rows; --page-size ${cap} asks for that size directly.`,
      details: { ...details, cap },
    };
  }
  const largest = [...seen.tables].sort((a, b) => b.rows - a.rows)[0];
  const found =
    largest === undefined
      ? ''
      : `: the largest table read, ${largest.type}, has ${count(largest.rows)}`;
  return {
    id: 'page-size',
    status: 'ok',
    summary: `No cap met asking for pages of ${count(seen.asked)} rows${found}${cost}.`,
    details,
  };
}

/** The time of a row beyond a round trip, when it is 1 ms or more, and its words. */
function rowCost(
  seen: { tables: readonly PageTableSeen[]; ms: number },
  roundTripMs: number | undefined,
): { perRow: number; cost: string } {
  const rows = seen.tables.reduce((sum, t) => sum + t.rows, 0);
  const perRow = roundTripMs === undefined || rows === 0 ? 0 : (seen.ms - roundTripMs) / rows;
  if (perRow < 1) return { perRow, cost: '' };
  const cost = `; ${count(rows)} rows took ${ms(seen.ms)}, about ${ms(perRow)} a row beyond the round trip`;
  return { perRow, cost };
}

/** The median round trip of a few small reads. */
export function checkRoundTrip(samples: readonly number[], failure?: Error): DoctorCheck {
  if (failure !== undefined || samples.length === 0) {
    return {
      id: 'round-trip',
      status: 'error',
      summary: `Small reads failed: ${failure?.message ?? 'no answer'}`,
      hint: 'Check the network and the server (see connection).',
    };
  }
  const middle = median(samples);
  const details = { median_ms: Math.round(middle), samples_ms: samples.map(Math.round) };
  const summary = `Median ${ms(middle)} over ${samples.length} small reads (${samples.map(ms).join(', ')}).`;
  if (middle >= SLOW_ROUND_TRIP_MS) {
    return {
      id: 'round-trip',
      status: 'warning',
      summary: `Slow: ${summary}`,
      hint: 'Every page of a read and the apply wait for a round trip: raise --timeout if commands time out, and check the network path (VPN, proxy).',
      details,
    };
  }
  return { id: 'round-trip', status: 'ok', summary, details };
}

export interface WorkersSeen {
  /** Requests sent at once. */
  parallel: number;
  /** The time of one request alone (the quickest of the round trips). */
  singleMs: number;
  /** The wall time of the requests sent at once; undefined when one of them failed. */
  wallMs: number | undefined;
}

/**
 * Requests the server serves at once: N requests sent together take about N / k times one
 * request's time on a server serving k at once.
 */
export function checkWorkers(seen: WorkersSeen): DoctorCheck {
  const { parallel, singleMs, wallMs } = seen;
  if (wallMs === undefined) {
    return {
      id: 'workers',
      status: 'info',
      summary: 'Cannot tell: a request sent in parallel failed.',
    };
  }
  const timing = `${parallel} requests at once took ${ms(wallMs)}, one alone ${ms(singleMs)}`;
  const details = { parallel, single_ms: Math.round(singleMs), wall_ms: Math.round(wallMs) };
  if (singleMs < MEASURABLE_ROUND_TRIP_MS) {
    return {
      id: 'workers',
      status: 'info',
      summary: `Cannot tell: requests are too quick to see them queue (${timing}).`,
      details,
    };
  }
  const atOnce = Math.max(1, Math.min(parallel, Math.round((parallel * singleMs) / wallMs)));
  if (atOnce >= parallel) {
    return {
      id: 'workers',
      status: 'ok',
      summary: `Served in parallel: ${timing}.`,
      details: { ...details, served_at_once: `>= ${parallel}` },
    };
  }
  return {
    id: 'workers',
    status: 'info',
    summary: `About ${atOnce} request${atOnce === 1 ? '' : 's'} served at a time (${timing}).`,
    hint: `The server queues the rest: more requests in flight do not make reads faster; --concurrency ${atOnce} sends no more than it serves.`,
    details: { ...details, served_at_once: atOnce },
  };
}
