import type { DoctorCheck } from './doctor-types.js';

/** A clock difference beyond this is a warning: `until:` days would end early or late. */
export const CLOCK_SKEW_WARN_MS = 5 * 60 * 1000;

/** A `Date` header of an answer and this machine's clock around its request (epoch ms). */
export interface ClockSeen {
  date: string;
  sentAt: number;
  answeredAt: number;
}

function duration(ms: number): string {
  const s = Math.abs(ms) / 1000;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 2 * 3600) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}

/**
 * This machine's clock against the server's `Date` header. The header counts whole seconds
 * and was written some time during the request, so the difference is known within half a
 * second plus half the round trip. ftrack-roles reads `until:` days (UTC) from this
 * machine's clock: beyond CLOCK_SKEW_WARN_MS a grant would end early or late.
 */
export function checkClock(seen: ClockSeen | undefined): DoctorCheck {
  const server = seen === undefined ? NaN : Date.parse(seen.date);
  if (seen === undefined || Number.isNaN(server)) {
    return {
      id: 'clock',
      status: 'info',
      summary: 'Cannot tell: the server sent no readable Date header.',
      hint: 'ftrack-roles reads until: days from this machine’s clock: keep it synchronised (NTP).',
    };
  }
  const local = (seen.sentAt + seen.answeredAt) / 2;
  const skew = server + 500 - local;
  const within = 500 + (seen.answeredAt - seen.sentAt) / 2;
  const details = { skew_ms: Math.round(skew), uncertainty_ms: Math.round(within) };
  if (Math.abs(skew) <= within) {
    return {
      id: 'clock',
      status: 'ok',
      summary: `This machine's clock agrees with the server's (within ${duration(within)}).`,
      details,
    };
  }
  const side = skew > 0 ? 'behind' : 'ahead of';
  const summary = `This machine's clock is about ${duration(skew)} ${side} the server's.`;
  if (Math.abs(skew) <= CLOCK_SKEW_WARN_MS) return { id: 'clock', status: 'ok', summary, details };
  return {
    id: 'clock',
    status: 'warning',
    summary,
    hint: `until: dates end a grant on a UTC day by this machine's clock, so it would end ${skew > 0 ? 'late' : 'early'}: synchronise the clock (NTP), or run ftrack-roles where it is.`,
    details,
  };
}
