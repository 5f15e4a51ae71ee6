import type { StateSource } from '../current/index.js';
import type { CurrentState } from '../current/types.js';
import { ServerCallError, UnknownOutcomeError } from '../diagnostics/index.js';
import type { Plan } from '../plan/index.js';
import type { Operation } from '../wire/index.js';
import { applyInChunks } from './apply-chunks.js';
import {
  bullets,
  isTimeout,
  lostAnswer,
  readOrError,
  rewrap,
  sentence,
  verifyApplied,
  type ApplyContext,
  type ApplyResult,
} from './apply-result.js';
import type { PlanCall } from './plan-calls.js';
import { planStateDigest } from './plan-state.js';
import { sendAdaptingToAddScope } from './add-role-scope.js';
import { findRejectedOperation, serverAnswer } from './rejected-operation.js';
import { readTouchedState } from './touched-state.js';
import { findResidualDifferences, judgeBatchEffect } from './verify.js';

export type { ApplyOutcome, ApplyResult } from './apply-result.js';

/** What applyPlan needs of a session: reads for the state, and one write call. */
export interface ApplySession extends StateSource {
  call(operations: readonly Operation[], options?: { write?: boolean }): Promise<unknown[]>;
}

export interface ApplyOptions {
  /**
   * The whole state the plan was made from (or checked against): names in messages, and
   * the users the re-read after the call does not read again.
   */
  current: CurrentState;
  /** Progress lines (for stderr). */
  onProgress?: (line: string) => void;
  /**
   * Reads the state again after the call; default readTouchedState: the users the plan
   * touches read again, the others taken from `current`.
   */
  readState?: () => Promise<CurrentState>;
  /** The calls to make (splitPlan); default one call with every operation. */
  calls?: readonly PlanCall[];
  /** `--max-operations-per-call`, when given: a chunk above it is said to be. */
  maxOperationsPerCall?: number;
  /** Awaited before each call is sent (the audit's pending line); a throw stops the apply. */
  beforeCall?: (call: PlanCall) => Promise<void>;
  /** Awaited after the server accepted a chunk that is not the last. */
  afterAccepted?: (call: PlanCall) => Promise<void>;
}

/**
 * Sends a plan's operations in ONE `/api` call (one transaction), or with `calls`, in
 * chunks of whole users, one call each (apply-chunks.ts); never retried. Then re-reads the
 * users it touches (touched-state.ts) to say what is true now: verified success, a
 * residual difference, a rejection that left them untouched, or, when no answer came
 * back, whether the batch was applied in full or not at all. The caller checks freshness
 * and safety before, and writes the audit lines through the hooks and after.
 */
export async function applyPlan(
  session: ApplySession,
  plan: Plan,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const context: ApplyContext = {
    plan,
    current: options.current,
    progress: options.onProgress ?? (() => undefined),
    reread: options.readState ?? (() => readTouchedState(session, plan, options.current)),
    beforeCall: options.beforeCall ?? (() => Promise.resolve()),
    afterAccepted: options.afterAccepted ?? (() => Promise.resolve()),
    send: sender(session, options.current, options.onProgress ?? (() => undefined)),
    ...(options.maxOperationsPerCall === undefined
      ? {}
      : { maxOperationsPerCall: options.maxOperationsPerCall }),
  };
  const calls = options.calls ?? [];
  if (calls.length > 1) return applyInChunks(session, calls, context);
  const call: PlanCall = calls[0] ?? {
    index: 1,
    count: 1,
    users: [...new Set(plan.changes.map((c) => c.user))],
    operations: plan.operations,
    changes: plan.changes,
  };
  await context.beforeCall(call);
  const count = plan.operations.length;
  context.progress(
    `Applying ${count} operation${count === 1 ? '' : 's'} in one call to ${plan.server}...`,
  );
  try {
    await context.send(plan.operations);
  } catch (error) {
    if (error instanceof UnknownOutcomeError) return judgeUnknown(context, error);
    if (error instanceof ServerCallError) return judgeRejection(context, error);
    throw error;
  }
  context.progress('Applied; re-reading the server to verify...');
  return verifyApplied(context, 'the batch');
}

/**
 * The server refused the call: quotes its answer verbatim, says that none of the call was
 * applied (a call is one transaction), names the operation only when the answer
 * identifies it, and re-reads the users it touches to confirm that nothing changed.
 */
async function judgeRejection(context: ApplyContext, error: ServerCallError): Promise<ApplyResult> {
  const { plan } = context;
  const n = plan.operations.length;
  const rejected = findRejectedOperation(serverAnswer(error), plan.operations, context.current);
  const which = rejected
    ? ` The server's answer identifies operation #${rejected.number} of ${n}: ${rejected.description}.`
    : '';
  context.progress('The server rejected the batch; re-reading to confirm nothing changed...');
  const after = await readOrError(context.reread);
  const base = `The server rejected the batch: ${sentence(serverAnswer(error))} A call is all or nothing: none of its ${n} operation${n === 1 ? ' was' : 's was'} applied.${which}`;
  let state: string;
  let stateDigestAfter: string | undefined;
  if (after instanceof Error)
    state = ` Re-reading the server to confirm failed (${after.message}); run \`ftrack-roles plan\` to see its state.`;
  else {
    stateDigestAfter = planStateDigest(plan, after);
    state =
      stateDigestAfter === plan.state_digest
        ? ' Nothing was changed: the users of the batch, the roles and the projects are as before (re-read).'
        : ' WARNING: the users of the batch, the roles or the projects differ from before the call although the batch was rejected; run `ftrack-roles plan` to see them.';
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
  context: ApplyContext,
  error: UnknownOutcomeError,
): Promise<ApplyResult> {
  const { plan } = context;
  context.progress(
    'No answer to the batch; it is NOT resent. Re-reading the server to see what happened...',
  );
  const after = await readOrError(context.reread);
  const lost = `${lostAnswer(error)} The batch was not resent.`;
  if (after instanceof Error) {
    const message = `${lost} Re-reading the server failed too (${after.message}): whether the batch was applied is unknown. Run \`ftrack-roles plan\` before applying again.`;
    return { outcome: 'unknown', message, error: rewrap(error, message), differences: [] };
  }
  const effect = judgeBatchEffect(plan, after);
  if (effect === 'not-applied' && isTimeout(error)) {
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
      ' Re-read: the batch was not applied at all; the users of the batch are as before. Run apply again to converge.',
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

/**
 * The write of each call: the operations as planned, guarded; should the server refuse
 * them because an added role starts there on all open projects, sent again adapted (and
 * said). See add-role-scope.ts.
 */
function sender(
  session: ApplySession,
  current: CurrentState,
  progress: (line: string) => void,
): (operations: readonly Operation[]) => Promise<void> {
  const open = new Set(current.projects.filter((p) => !p.isPrivate).map((p) => p.id));
  return async (operations) => {
    const sent = await sendAdaptingToAddScope(session, operations, open);
    if (sent.addRoleScope === 'all-open') {
      progress(
        'The server starts an added role on all open projects: it refused the call whole, and took it adapted (all-open revoked after such adds, or not granted twice).',
      );
    }
  };
}
