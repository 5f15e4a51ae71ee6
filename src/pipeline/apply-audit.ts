import {
  APPLY_CODES,
  comparableUrl,
  findPendingAttempts,
  judgePendingAttempt,
  type AuditOutcome,
  type AuditTarget,
  type AuditTrail,
} from '../apply/index.js';
import {
  ConfigError,
  FtrackRolesError,
  SafetyError,
  StalePlanError,
  UnreviewedPlanError,
  UsageError,
} from '../diagnostics/index.js';
import { PLAN_FILE_CODES } from '../plan/index.js';
import { DeclinedError, type ApplyEvents, type Prepared } from './apply-types.js';
import { plural } from '../model/index.js';

/** The audit lines of the apply workflow: checked first, pending attempts, outcomes. */

/** The audit log must be writable before anything is sent (no line can say so). */
export async function checkAuditLog(audit: AuditTrail, file: string): Promise<void> {
  try {
    await audit.check();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const why = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `Cannot write the audit log ${file} (${code}: ${why}); nothing was sent. Give a writable --audit-log FILE.`,
    );
  }
}

/**
 * Attempts of an earlier apply on this server that were cut off after sending (a pending
 * line and no outcome): judged on the state just read, said, and recorded.
 */
export async function recoverPendingAttempts(
  audit: AuditTrail,
  target: AuditTarget,
  { current, session }: Prepared,
  events: ApplyEvents,
): Promise<void> {
  const server = comparableUrl(session.server);
  for (const pending of await findPendingAttempts(target.file, target.cwd)) {
    if (pending.server === null || comparableUrl(pending.server) !== server) continue;
    if (audit.isRunning(pending)) continue; // a concurrent apply, still under way
    const verdict = judgePendingAttempt(pending, current);
    const what = `An earlier apply (attempt ${pending.attempt}, ${pending.time}) was cut off after sending its ${plural(pending.operations, 'operation')}:`;
    const message = {
      applied: `${what} the server shows it was applied in full.`,
      'not-applied': `${what} the server shows it was not applied.`,
      unknown: `${what} the server holds neither the state before it nor after it (changed since, or applied in part); the plan below starts from what the server holds now.`,
    }[verdict];
    events.onStatus(message);
    await audit.recordRecovered(pending, `recovered-${verdict}`, message);
  }
}

/** Diagnostic codes of a plan file that apply refuses (outcome `refused`). */
const PLAN_FILE_REFUSALS = new Set<string>([
  ...Object.values(PLAN_FILE_CODES),
  ...Object.values(APPLY_CODES),
]);

/** Writes the audit line; a failure to write it is reported (and makes the exit status 1). */
export async function recordAudit(
  audit: AuditTrail,
  outcome: AuditOutcome,
  events: ApplyEvents,
  extra: { message?: string; stateDigestAfter?: string } = {},
): Promise<AuditOutcome> {
  try {
    await audit.record(outcome, extra);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    events.onStatus(`Error: could not write the audit log: ${why}`);
  }
  return outcome;
}

export function outcomeOf(error: unknown): AuditOutcome {
  if (error instanceof UnreviewedPlanError) return 'refused';
  if (error instanceof StalePlanError) return 'stale';
  if (error instanceof DeclinedError) return 'declined';
  if (error instanceof SafetyError || error instanceof UsageError) return 'refused';
  if (
    error instanceof ConfigError &&
    error.diagnostics.some((d) => PLAN_FILE_REFUSALS.has(d.code))
  ) {
    return 'refused';
  }
  return 'error';
}

export function messageOf(error: unknown): string {
  if (error instanceof FtrackRolesError) return error.message;
  return error instanceof Error ? `Internal error: ${error.message}` : String(error);
}
