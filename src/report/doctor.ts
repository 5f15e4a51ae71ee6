import {
  DOCTOR_CHECKS,
  DOCTOR_STATUSES,
  type DoctorCheck,
  type DoctorReport,
  type DoctorStatus,
} from './doctor-types.js';

export interface DoctorReportInput {
  server: string | null;
  apiUser: string | null;
  checkedAt: Date;
  checks: readonly DoctorCheck[];
  /** Why the checks that did not run were skipped (e.g. "the credentials were refused"). */
  skipReason: string;
}

/**
 * The doctor's report: every check of DOCTOR_CHECKS once, in that order, those that did not
 * run marked skipped; ready when none is an error.
 */
export function buildDoctorReport(input: DoctorReportInput): DoctorReport {
  const byId = new Map<string, DoctorCheck>();
  for (const check of input.checks) if (!byId.has(check.id)) byId.set(check.id, check);
  const checks = DOCTOR_CHECKS.map(
    (id): DoctorCheck =>
      byId.get(id) ?? { id, status: 'skipped', summary: `Not checked: ${input.skipReason}.` },
  );
  const summary = Object.fromEntries(DOCTOR_STATUSES.map((s) => [s, 0])) as Record<
    DoctorStatus,
    number
  >;
  for (const check of checks) summary[check.status]++;
  return {
    format_version: 1,
    server: input.server,
    api_user: input.apiUser,
    checked_at: input.checkedAt.toISOString(),
    ready: summary.error === 0,
    summary,
    checks,
  };
}
