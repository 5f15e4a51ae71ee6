import type { Operation } from '../wire/index.js';
import type { CurrentState } from '../current/types.js';
import type {
  FtrackRolesError,
  ServerCallError,
  UnknownOutcomeError,
} from '../diagnostics/index.js';
import { VerificationError } from '../diagnostics/index.js';
import { plural } from '../model/index.js';
import type { Plan } from '../plan/index.js';
import type { PlanCall } from './plan-calls.js';
import { planStateDigest } from './plan-state.js';
import type { RejectedOperation } from './rejected-operation.js';
import { findResidualDifferences } from './verify.js';

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
  /**
   * The plan's state digest after the call, when it could be read: the touched users
   * re-read, the others as read for the plan (touched-state.ts).
   */
  stateDigestAfter?: string;
  rejected?: RejectedOperation;
}

/** What the ways of applying share: the plan, names, the re-read and the hooks. */
export interface ApplyContext {
  plan: Plan;
  /** The state the plan was made from: names in messages. */
  current: CurrentState;
  /** The state after the call: `current` with the users the plan touches read again. */
  reread: () => Promise<CurrentState>;
  progress: (line: string) => void;
  beforeCall: (call: PlanCall) => Promise<void>;
  afterAccepted: (call: PlanCall) => Promise<void>;
  /** `--max-operations-per-call`, when given (to say when a chunk holds more). */
  maxOperationsPerCall?: number;
  /** Sends one call's operations (see add-role-scope.ts: sendAdaptingToAddScope). */
  send: (operations: readonly Operation[]) => Promise<void>;
}

/**
 * After every call was accepted: re-reads the touched users and checks that every change's
 * `after` holds. `sent` says how: `the batch`, or `all 3 chunks`.
 */
export async function verifyApplied(context: ApplyContext, sent: string): Promise<ApplyResult> {
  const { plan } = context;
  const after = await readOrError(context.reread);
  if (after instanceof Error) {
    const message = `The server accepted ${sent}, but re-reading it to verify failed: ${after.message}`;
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
    const how = sent === 'the batch' ? '' : ` in ${sent.replace(/^all /, '')}`;
    const message = `Applied ${plural(n, 'change')} (${plural(plan.operations.length, 'operation')})${how} and verified ${n === 1 ? 'it' : 'them'} on the server.`;
    return { outcome: 'applied', message, differences, stateDigestAfter };
  }
  const message = `The server accepted ${sent}, but ${differences.length === 1 ? '1 planned change does' : `${differences.length} planned changes do`} not hold after it:\n${bullets(differences)}`;
  return {
    outcome: 'verification-failed',
    message,
    error: new VerificationError(message, differences),
    differences,
    stateDigestAfter,
  };
}

export async function readOrError(
  reread: () => Promise<CurrentState>,
): Promise<CurrentState | Error> {
  try {
    return await reread();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The same error class with a message that says what is true now. */
export function rewrap(error: ServerCallError, message: string): ServerCallError {
  const Kind = error.constructor as typeof ServerCallError;
  return new Kind(message, error.exception, error.errorCode, { cause: error });
}

export function bullets(lines: readonly string[]): string {
  return lines.map((line) => `  - ${line}`).join('\n');
}

/** A sentence ends with its own punctuation, or gets a period. */
export function sentence(text: string): string {
  return /[.!?]$/.test(text.trimEnd()) ? text.trimEnd() : `${text.trimEnd()}.`;
}

/** The session's words for a lost answer, without its advice (apply re-reads itself). */
export function lostAnswer(error: UnknownOutcomeError): string {
  return error.message.replace(/ Re-read the state before trying again\.$/, '');
}

export function isTimeout(error: UnknownOutcomeError): boolean {
  return /TIMEOUT/i.test(error.errorCode ?? '');
}
