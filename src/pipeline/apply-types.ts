import type { AuditOutcome, AuditTarget, PlanCall } from '../apply/index.js';
import type { CurrentState } from '../current/index.js';
import { UsageError, type Diagnostic } from '../diagnostics/index.js';
import type { Plan } from '../plan/index.js';
import type { Session } from '../session/index.js';
import type { SecurityRoleOperation } from '../wire/index.js';
import type { PlanEvents } from './events.js';
import type { PlanConfigInput } from './plan-config.js';

/** The inputs, events and outcome of the apply workflow (apply.ts). */

export type { AuditTarget };

/** The config to plan: paths, working directory, clock, file size limit. */
export type ConfigSource = Omit<
  PlanConfigInput,
  'connect' | 'allowRemovals' | 'findings' | 'keepDesired'
>;

/**
 * What to apply: the config, planned now; or a saved plan file, applied only if the same
 * config, planned now, gives exactly that plan (it is what was reviewed).
 */
export type ApplySource = { config: ConfigSource; planFile?: string };

export interface ApplyInput {
  source: ApplySource;
  /** Opens the session (see PlanConfigInput.connect). */
  connect: () => Session;
  /** `--allow-removals N`. */
  allowRemovals?: number;
  /**
   * `--reviewed FILE|DIGEST`: apply only if the plan made now makes exactly the changes of
   * this reviewed plan (apply-reviewed.ts); without a plan file only.
   */
  reviewed?: string;
  /** `--dry-run`: show the plan and the operations, send nothing. */
  dryRun: boolean;
  /**
   * `--max-operations-per-call N`: send the operations in chunks of whole users, one call
   * each (src/apply/chunks.ts); default one call with every operation.
   */
  maxOperationsPerCall?: number;
  audit: AuditTarget;
}

/** How the person at the terminal answered (or `assumed`: `--yes`, nobody was asked). */
export type Confirmation = 'assumed' | 'confirmed' | 'declined';

export interface ApplyEvents extends PlanEvents {
  /** The plan to apply (shown before a refusal too). */
  onPlan(plan: Plan): void;
  /**
   * A dry run: the operations that would be sent, in these calls; `describe` names an
   * operation's user, role and project (`add_user_security_role user "bo" role "User"`).
   */
  onDryRun?(
    plan: Plan,
    calls: readonly PlanCall[],
    describe: (operation: SecurityRoleOperation) => string,
  ): void;
  /** What is happening, one line each (for stderr). */
  onStatus(line: string): void;
  /** Safety refusals of the plan, just before they are thrown as a SafetyError. */
  onRefusals?(refusals: readonly Diagnostic[], files: readonly string[]): void;
  /**
   * Asks whether to apply. It may throw (no terminal and no `--yes`): that is recorded as
   * a refusal.
   */
  confirm(plan: Plan, calls: readonly PlanCall[]): Promise<Confirmation>;
}

export interface ApplyOutcome {
  /** How it ended, as the audit line says. */
  outcome: AuditOutcome;
  /** The audit line could not be written (the command then fails). */
  auditFailed: boolean;
}

/** The person answered no at the prompt (exit 1, audit outcome `declined`). */
export class DeclinedError extends UsageError {}

export interface Prepared {
  plan: Plan;
  current: CurrentState;
  session: Session;
}
