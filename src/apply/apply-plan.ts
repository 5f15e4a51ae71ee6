import { fetchCurrentState, type StateSource } from '../current/index.js';
import type { CurrentState } from '../current/types.js';
import type { FtrackRolesError } from '../diagnostics/index.js';
import { ServerCallError, UnknownOutcomeError, VerificationError } from '../diagnostics/index.js';
import type { Plan } from '../plan/index.js';
import type { Operation } from '../wire/index.js';
import { findRejectedOperation, type RejectedOperation } from './rejected-operation.js';
import { planStateDigest } from './plan-state.js';
import { findResidualDifferences, judgeBatchEffect } from './verify.js';

/** What applyPlan needs of a session: reads for the state, and one write call. */
export interface ApplySession extends StateSource {
  call(operations: readonly Operation[], options?: { write?: boolean }): Promise<unknown[]>;
}

export interface ApplyOptions {
  /** The state the plan was made from (or checked against): names in messages. */
  current: CurrentState;
  /** Progress lines (for stderr). */
  onProgress?: (line: string) => void;
  /** Reads the state again; default fetchCurrentState(session). */
  readState?: () => Promise<CurrentState>;
}

/** How an apply ended. Only `applied` is a success. */
export type ApplyOutcome =
  | 'applied'
  | 'verification-failed'
  | 'unverified'
  | 'rejected'
  | 'unknown-applied'
  | 'unknown-not-applied'
  | 'unknown-partial'
  | 'unknown';

export interface ApplyResult {
  outcome: ApplyOutcome;
  /** What happened, for the user and the audit log. */
  message: string;
  /** The error to report (exit 1); absent on success. */
  error?: FtrackRolesError;
  /** Residual differences from the plan's `after` scopes, one line each. */
  differences: string[];
  /** The state digest re-read after the call, when it could be read. */
  stateDigestAfter?: string;
  rejected?: RejectedOperation;
}

/**
 * Sends all of a plan's operations in ONE `/api` call (one transaction), never retried,
 * then re-reads the state to say what is true now: verified success, a residual
 * difference, a rejection that left the server untouched, or, when no answer came back,
 * whether the batch was applied in full or not at all. The caller checks freshness and
 * safety before, and writes the audit line after.
 */
export async function applyPlan(
  session: ApplySession,
  plan: Plan,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const progress = options.onProgress ?? (() => undefined);
  const reread = options.readState ?? (() => fetchCurrentState(session));
  const count = plan.operations.length;
  progress(`Applying ${count} operation${count === 1 ? '' : 's'} in one call to ${plan.server}...`);
  try {
    await session.call(plan.operations, { write: true });
  } catch (error) {
    if (error instanceof UnknownOutcomeError) return judgeUnknown(plan, error, reread, progress);
    if (error instanceof ServerCallError) {
      return judgeRejection(plan, error, options.current, reread, progress);
    }
    throw error;
  }
  progress('Applied; re-reading the server to verify...');
  return verifyApplied(plan, reread);
}

async function verifyApplied(
  plan: Plan,
  reread: () => Promise<CurrentState>,
): Promise<ApplyResult> {
  const after = await readOrError(reread);
  if (after instanceof Error) {
    const message = `The server accepted the batch, but re-reading it to verify failed: ${after.message}`;
    return {
      outcome: 'unverified',
      message,
      error: new VerificationError(message),
      differences: [],
    };
  }
  const differences = findResidualDifferences(plan, after);
  const stateDigestAfter = planStateDigest(plan, after);
  if (differences.length === 0) {
    const n = plan.summary.changes;
    const message = `Applied ${n} change${n === 1 ? '' : 's'} (${plan.operations.length} operations) and verified them on the server.`;
    return { outcome: 'applied', message, differences, stateDigestAfter };
  }
  const message = `The server accepted the batch, but ${differences.length} planned change(s) do not hold after it:\n${bullets(differences)}`;
  return {
    outcome: 'verification-failed',
    message,
    error: new VerificationError(message, differences),
    differences,
    stateDigestAfter,
  };
}

async function judgeRejection(
  plan: Plan,
  error: ServerCallError,
  current: CurrentState,
  reread: () => Promise<CurrentState>,
  progress: (line: string) => void,
): Promise<ApplyResult> {
  const rejected = findRejectedOperation(error.message, plan.operations, current);
  const which = rejected
    ? ` It rejected operation #${rejected.number} of ${plan.operations.length}: ${rejected.description}.`
    : '';
  progress('The server rejected the batch; re-reading to confirm nothing changed...');
  const after = await readOrError(reread);
  const base = `The server rejected the batch: ${error.message.replace(/\.$/, '')}.${which}`;
  let state: string;
  let stateDigestAfter: string | undefined;
  if (after instanceof Error)
    state = ` Re-reading the server failed (${after.message}); run \`ftrack-roles plan\` to see its state.`;
  else {
    stateDigestAfter = planStateDigest(plan, after);
    state =
      stateDigestAfter === plan.state_digest
        ? ' Nothing was changed: the server state is as before.'
        : ' WARNING: the server state differs from before the call although the batch was rejected; run `ftrack-roles plan` to see it.';
  }
  const message = `${base}${state}`;
  return {
    outcome: 'rejected',
    message,
    error: rewrap(error, message),
    differences: [],
    ...(stateDigestAfter === undefined ? {} : { stateDigestAfter }),
    ...(rejected === undefined ? {} : { rejected }),
  };
}

async function judgeUnknown(
  plan: Plan,
  error: UnknownOutcomeError,
  reread: () => Promise<CurrentState>,
  progress: (line: string) => void,
): Promise<ApplyResult> {
  progress(
    'No answer to the batch; it is NOT resent. Re-reading the server to see what happened...',
  );
  const after = await readOrError(reread);
  const lost = `${error.message.replace(/ Re-read the state before trying again\.$/, '')} The batch was not resent.`;
  if (after instanceof Error) {
    const message = `${lost} Re-reading the server failed too (${after.message}): whether the batch was applied is unknown. Run \`ftrack-roles plan\` before applying again.`;
    return { outcome: 'unknown', message, error: rewrap(error, message), differences: [] };
  }
  const effect = judgeBatchEffect(plan, after);
  if (effect === 'not-applied' && /TIMEOUT/i.test(error.errorCode ?? '')) {
    // A server that timed out may still be working on the call: "not applied" is only "not yet".
    const message = `${lost} Re-read: not applied so far, but the server may still be working on the call that timed out. Run \`ftrack-roles plan\` in a while to see whether the changes landed before applying again.`;
    return {
      outcome: 'unknown',
      message,
      error: rewrap(error, message),
      differences: [],
      stateDigestAfter: planStateDigest(plan, after),
    };
  }
  const differences = effect === 'partial' ? findResidualDifferences(plan, after) : [];
  const verdict = {
    applied: ' Re-read: the batch was applied in full; every planned change holds on the server.',
    'not-applied':
      ' Re-read: the batch was not applied at all; the server is unchanged. Run apply again to converge.',
    partial: ` Re-read: the batch was applied only partially (the server is not atomic!) or the server changed meanwhile. Not holding:\n${bullets(differences)}`,
  }[effect];
  const message = `${lost}${verdict}`;
  return {
    outcome: `unknown-${effect}`,
    message,
    error: rewrap(error, message),
    differences,
    stateDigestAfter: planStateDigest(plan, after),
  };
}

async function readOrError(reread: () => Promise<CurrentState>): Promise<CurrentState | Error> {
  try {
    return await reread();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The same error class with a message that says what is true now. */
function rewrap(error: ServerCallError, message: string): ServerCallError {
  const Kind = error.constructor as typeof ServerCallError;
  return new Kind(message, error.exception, error.errorCode, { cause: error });
}

function bullets(lines: readonly string[]): string {
  return lines.map((line) => `  - ${line}`).join('\n');
}
