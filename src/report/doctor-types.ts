import type { ServerCallError } from '../diagnostics/index.js';

/**
 * The model of `ftrack-roles doctor` (format version 1, docs/doctor.md): one line per check,
 * each with a status and, when not ok, a hint. `--format json` prints it as is; the text view
 * renders from it.
 */
export interface DoctorReport {
  format_version: 1;
  /** The server checked (the URL as given, normalised), or null when there is none. */
  server: string | null;
  api_user: string | null;
  /** This machine's clock when the checks ran (ISO 8601). */
  checked_at: string;
  /** True when no check is an error: everything ftrack-roles needs works (exit 0). */
  ready: boolean;
  /** The number of checks of each status. */
  summary: Record<DoctorStatus, number>;
  /** In the fixed order of DOCTOR_CHECKS. */
  checks: DoctorCheck[];
}

/**
 * `ok` works; `warning` works but deserves a look; `error` stops ftrack-roles; `info` a fact
 * about the server (a limit ftrack-roles adapts to, or what only apply can find out);
 * `skipped` not checked, because an earlier check failed.
 */
export type DoctorStatus = 'ok' | 'warning' | 'error' | 'info' | 'skipped';

export const DOCTOR_STATUSES: readonly DoctorStatus[] = [
  'ok',
  'warning',
  'error',
  'info',
  'skipped',
];

/** The checks, in the order they are reported. */
export const DOCTOR_CHECKS = [
  'url',
  'proxy',
  'connection',
  'tls',
  'credentials',
  'server',
  'schema',
  'actions',
  'permission',
  'page-size',
  'round-trip',
  'workers',
  'body-size',
  'rate-limit',
  'clock',
  'collation',
  'add-role-scope',
  'grant-all-open',
] as const;

export type DoctorCheckId = (typeof DOCTOR_CHECKS)[number];

export interface DoctorCheck {
  id: DoctorCheckId;
  status: DoctorStatus;
  /** What was found, one line. */
  summary: string;
  /** What to do about it; present when the status is not ok. */
  hint?: string;
  /** The measured values behind the summary (numbers in ms and bytes). */
  details?: Record<string, unknown>;
}

/**
 * One answer of the server as the doctor saw it (the session probe's answer): the results
 * or the typed error, the HTTP status and how long it took.
 */
export type AnswerSeen = { ms: number; status?: number; date?: string } & (
  | { ok: true; results: unknown[] }
  | { ok: false; error: ServerCallError; retryAfterMs?: number; tls: boolean }
);

/** How the requests reach the server (from the proxy variables and NO_PROXY). */
export type RouteSeen =
  | { via: 'direct'; reason: 'loopback' | 'no-proxy' | 'no-variable' }
  | { via: 'proxy'; proxy: string; variable: string }
  | { via: 'refused'; message: string };
