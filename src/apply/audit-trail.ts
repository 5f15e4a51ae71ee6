import { randomUUID } from 'node:crypto';
import type { Plan } from '../plan/index.js';
import {
  appendAuditLog,
  buildAuditEntry,
  checkAuditLog,
  type AuditEntry,
  type AuditOutcome,
} from './audit-log.js';
import type { PlanCall } from './plan-calls.js';

/** Where the audit lines go and what they need. */
export interface AuditTarget {
  file: string;
  cwd: string;
  env: Record<string, string | undefined>;
  now: () => Date;
  redact: (text: string) => string;
  /**
   * The machine and process of this apply, and a test of whether a process is alive: an
   * attempt left pending by a live process (a concurrent apply) is not recovered.
   */
  origin?: { host: string; pid: number; isAlive: (pid: number) => boolean };
}

/**
 * One apply's audit trail: collects what is known and writes its lines: a `pending` line,
 * flushed, before the batch is sent, and exactly one outcome line. Both carry the attempt's
 * id, so that a later run can tell an attempt cut off after sending (a pending line alone).
 * Sent in chunks, each chunk has its pending line and an `accepted` line; the last chunk
 * sent (the last, or the one that failed) gets the outcome line.
 */
export class AuditTrail {
  plan?: Plan;
  server?: string;
  apiUser?: string;
  planFile?: string;
  /**
   * The call being sent. When the apply is sent in chunks, each line is about one chunk:
   * its pending line, then `accepted`, or the run's outcome for the last or a failed chunk.
   */
  call?: PlanCall;
  /** This attempt's id. */
  readonly attempt = randomUUID();
  #written = false;
  #failed = false;

  constructor(private readonly target: AuditTarget) {}

  get written(): boolean {
    return this.#written;
  }

  /** True when writing the line failed. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Checks that the log can be written (before anything is sent); throws why not. */
  async check(): Promise<void> {
    await checkAuditLog(this.target.file, this.target.cwd);
  }

  /** The `pending` line of this attempt, written and flushed before the batch is sent. */
  async recordPending(): Promise<void> {
    await this.#append(this.#entry('pending'));
  }

  /** The line of a chunk the server accepted, when more chunks follow (not the outcome line). */
  async recordAccepted(message: string): Promise<void> {
    try {
      await this.#append(this.#entry('accepted', { message }));
    } catch (error) {
      this.#failed = true;
      throw error;
    }
  }

  /** Writes the outcome line (once; later calls are ignored). Resolves to the file's path. */
  async record(
    outcome: AuditOutcome,
    extra: { message?: string; stateDigestAfter?: string } = {},
  ): Promise<string | undefined> {
    if (this.#written) return undefined;
    this.#written = true;
    try {
      return await this.#append(this.#entry(outcome, extra));
    } catch (error) {
      this.#failed = true;
      throw error;
    }
  }

  /** True when a pending attempt may still be under way (its process is alive). */
  isRunning(entry: AuditEntry): boolean {
    const origin = this.target.origin;
    if (origin === undefined || entry.host !== origin.host || entry.pid === null) return false;
    return origin.isAlive(entry.pid);
  }

  /** The outcome line of an earlier attempt found pending, as judged now. */
  async recordRecovered(
    pending: AuditEntry,
    outcome: Extract<AuditOutcome, `recovered-${string}`>,
    message: string,
  ): Promise<void> {
    const time = this.target.now().toISOString();
    await this.#append({ ...pending, time, outcome, message, ci: this.#entry(outcome).ci });
  }

  #entry(outcome: AuditOutcome, extra: { message?: string; stateDigestAfter?: string } = {}) {
    const call = this.call;
    const chunk =
      call === undefined || call.count < 2
        ? undefined
        : { ...call, operations: call.operations.length };
    return buildAuditEntry({
      time: this.target.now(),
      attempt: this.attempt,
      outcome,
      env: this.target.env,
      ...(this.target.origin === undefined
        ? {}
        : { origin: { host: this.target.origin.host, pid: this.target.origin.pid } }),
      ...(this.plan === undefined ? {} : { plan: this.plan }),
      ...(chunk === undefined ? {} : { chunk }),
      ...(this.server === undefined ? {} : { server: this.server }),
      ...(this.apiUser === undefined ? {} : { apiUser: this.apiUser }),
      ...(this.planFile === undefined ? {} : { planFile: this.planFile }),
      ...(extra.message === undefined ? {} : { message: extra.message }),
      ...(extra.stateDigestAfter === undefined ? {} : { stateDigestAfter: extra.stateDigestAfter }),
    });
  }

  #append(entry: AuditEntry): Promise<string> {
    const { file, cwd, redact } = this.target;
    return appendAuditLog(file, cwd, entry, redact);
  }
}
