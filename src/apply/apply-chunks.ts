import type { CurrentState } from '../current/types.js';
import { FtrackRolesError, ServerCallError, UnknownOutcomeError } from '../diagnostics/index.js';
import type { ApplySession } from './apply-plan.js';
import {
  bullets,
  isTimeout,
  lostAnswer,
  readOrError,
  rewrap,
  sentence,
  verifyApplied,
  type ApplyContext,
  type ApplyOutcome,
  type ApplyResult,
} from './apply-result.js';
import { chunkLabel, chunkProgress, describeChunkFailure } from './chunk-report.js';
import type { PlanCall } from './plan-calls.js';
import { planStateDigest } from './plan-state.js';
import {
  findRejectedOperation,
  serverAnswer,
  type RejectedOperation,
} from './rejected-operation.js';
import { findResidualDifferences, judgeChangesEffect } from './verify.js';

/**
 * Sends the chunks one call each, in order (each all or nothing on the server), never
 * retried. The first failure stops the apply: the touched users are re-read to say which
 * users are done, what became of the failed chunk, and which users were not attempted.
 * After the last chunk the whole plan is verified, as a single call is. The caller checked
 * freshness (the state digest) once, before the first chunk.
 */
export async function applyInChunks(
  session: ApplySession,
  calls: readonly PlanCall[],
  context: ApplyContext,
): Promise<ApplyResult> {
  const { plan } = context;
  context.progress(
    `Applying ${plan.operations.length} operations to ${plan.server} in ${calls.length} chunks, one call each: each chunk is all or nothing; a failure stops the apply and leaves the earlier chunks applied.`,
  );
  for (const call of calls) {
    await beforeChunk(context, calls, call);
    context.progress(chunkProgress(call, context.maxOperationsPerCall));
    try {
      await context.send(call.operations);
    } catch (error) {
      if (error instanceof ServerCallError) return judgeFailedChunk(context, calls, call, error);
      throw error;
    }
    if (call.index < call.count) await context.afterAccepted(call);
  }
  context.progress(`All ${calls.length} chunks accepted; re-reading the server to verify...`);
  return verifyApplied(context, `all ${calls.length} chunks`);
}

/** The hook before a chunk (the audit's pending line): a failure after the first chunk says what landed. */
async function beforeChunk(
  context: ApplyContext,
  calls: readonly PlanCall[],
  call: PlanCall,
): Promise<void> {
  try {
    await context.beforeCall(call);
  } catch (error) {
    if (call.index === 1) throw error;
    const why = error instanceof Error ? error.message : String(error);
    const what = `Stopped before sending ${chunkLabel(call)}: ${sentence(why)}`;
    const message = describeChunkFailure({ calls, failed: call, what, doneDifferences: undefined });
    throw new FtrackRolesError(message, { cause: error });
  }
}

interface Verdict {
  outcome: ApplyOutcome;
  what: string;
  differences: string[];
  rejected?: RejectedOperation;
}

async function judgeFailedChunk(
  context: ApplyContext,
  calls: readonly PlanCall[],
  failed: PlanCall,
  error: ServerCallError,
): Promise<ApplyResult> {
  const { plan } = context;
  const unknown = error instanceof UnknownOutcomeError;
  const at = `chunk ${failed.index} of ${failed.count}`;
  context.progress(
    unknown
      ? `No answer to ${at}; it is NOT resent. Re-reading the server to see what landed...`
      : `The server rejected ${at}; re-reading the server to see what landed...`,
  );
  const after = await readOrError(context.reread);
  const state = after instanceof Error ? undefined : after;
  const verdict = unknown
    ? unknownVerdict(failed, error, state)
    : rejectionVerdict(context, failed, error, state);
  if (after instanceof Error) verdict.what += ` Re-reading the server failed (${after.message}).`;
  const doneChanges = calls.slice(0, failed.index - 1).flatMap((c) => c.changes);
  const doneDifferences =
    state === undefined ? undefined : findResidualDifferences({ changes: doneChanges }, state);
  const message = describeChunkFailure({ calls, failed, what: verdict.what, doneDifferences });
  return {
    outcome: verdict.outcome,
    message,
    error: rewrap(error, message),
    differences: [...(doneDifferences ?? []), ...verdict.differences],
    ...(state === undefined ? {} : { stateDigestAfter: planStateDigest(plan, state) }),
    ...(verdict.rejected === undefined ? {} : { rejected: verdict.rejected }),
  };
}

/** The server refused the chunk: its answer verbatim, none of the chunk applied, confirmed. */
function rejectionVerdict(
  context: ApplyContext,
  failed: PlanCall,
  error: ServerCallError,
  state: CurrentState | undefined,
): Verdict {
  const answer = serverAnswer(error);
  const n = failed.operations.length;
  const rejected = findRejectedOperation(answer, failed.operations, context.current);
  let what = `The server rejected ${chunkLabel(failed)}: ${sentence(answer)} A call is all or nothing: ${n === 1 ? "the chunk's 1 operation was not applied" : `none of the chunk's ${n} operations was applied`}.`;
  if (rejected !== undefined) {
    what += ` The server's answer identifies operation #${rejected.number} of the chunk's ${n}: ${rejected.description}.`;
  }
  if (state !== undefined) {
    what +=
      judgeChangesEffect(failed.changes, state) === 'not-applied'
        ? " Nothing of it was changed: the re-read shows the chunk's users as before."
        : " WARNING: the re-read shows the chunk's users changed although the chunk was rejected; run `ftrack-roles plan` to see them.";
  }
  return { outcome: 'rejected', what, differences: [], ...(rejected ? { rejected } : {}) };
}

/** No usable answer to the chunk: not resent; the re-read says whether it landed. */
function unknownVerdict(
  failed: PlanCall,
  error: UnknownOutcomeError,
  state: CurrentState | undefined,
): Verdict {
  const what = `No usable answer to ${chunkLabel(failed)}: ${lostAnswer(error)} The chunk was not resent.`;
  if (state === undefined) {
    return {
      outcome: 'unknown',
      what: `${what} Whether it was applied is unknown.`,
      differences: [],
    };
  }
  const effect = judgeChangesEffect(failed.changes, state);
  if (effect === 'not-applied' && isTimeout(error)) {
    const later =
      ' Re-read: not applied so far, but the server may still be working on the call that timed out.';
    return { outcome: 'unknown', what: `${what}${later}`, differences: [] };
  }
  const differences =
    effect === 'partial' ? findResidualDifferences({ changes: failed.changes }, state) : [];
  const verdict = {
    applied: ' Re-read: the chunk was applied in full.',
    'not-applied': ' Re-read: the chunk was not applied at all.',
    partial: ` Re-read: the chunk was applied only partially (the server is not atomic!) or its users changed meanwhile. Not holding:\n${bullets(differences)}`,
  }[effect];
  return { outcome: `unknown-${effect}`, what: `${what}${verdict}`, differences };
}
