import { appendAuditLog, buildAuditEntry, type AuditOutcome } from './audit-log.js';
import type { Plan } from '../plan/index.js';

/** One apply's audit trail: collects what is known and writes exactly one line. */
export class AuditTrail {
  plan?: Plan;
  server?: string;
  apiUser?: string;
  planFile?: string;
  #written = false;
  #failed = false;

  constructor(
    private readonly target: {
      file: string;
      cwd: string;
      env: Record<string, string | undefined>;
      now: () => Date;
      redact: (text: string) => string;
    },
  ) {}

  get written(): boolean {
    return this.#written;
  }

  /** True when writing the line failed. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Writes the line (once; later calls are ignored). Resolves to the file's path. */
  async record(
    outcome: AuditOutcome,
    extra: { message?: string; stateDigestAfter?: string } = {},
  ): Promise<string | undefined> {
    if (this.#written) return undefined;
    this.#written = true;
    const entry = buildAuditEntry({
      time: this.target.now(),
      outcome,
      env: this.target.env,
      ...(this.plan === undefined ? {} : { plan: this.plan }),
      ...(this.server === undefined ? {} : { server: this.server }),
      ...(this.apiUser === undefined ? {} : { apiUser: this.apiUser }),
      ...(this.planFile === undefined ? {} : { planFile: this.planFile }),
      ...(extra.message === undefined ? {} : { message: extra.message }),
      ...(extra.stateDigestAfter === undefined ? {} : { stateDigestAfter: extra.stateDigestAfter }),
    });
    const { file, cwd, redact } = this.target;
    try {
      return await appendAuditLog(file, cwd, entry, redact);
    } catch (error) {
      this.#failed = true;
      throw error;
    }
  }
}
