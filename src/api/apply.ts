import { hostname } from 'node:os';
import { DEFAULT_AUDIT_LOG } from '../apply/audit-log.js';
import type { AuditOutcome, PlanCall } from '../apply/index.js';
import { UsageError, type Diagnostic } from '../diagnostics/index.js';
import { applyWorkflow } from '../pipeline/apply.js';
import { checkReviewedOption } from '../pipeline/apply-reviewed.js';
import type { Confirmation } from '../pipeline/apply-types.js';
import type { Plan } from '../plan/index.js';
import type { SecurityRoleOperation } from '../wire/index.js';
import { orderedPlan } from '../render/index.js';
import { redactText } from '../session/index.js';
import { configOf, sessionOpener } from './open.js';
import type { Connection, ProgressEvents, ServerOptions } from './options.js';

export type { Confirmation, PlanCall };

/** What `apply` tells its caller while it runs (all optional). */
export interface ApplyEvents extends ProgressEvents {
  /** The plan about to be applied (also a refused one, before the refusal is thrown). */
  onPlan?(plan: Plan): void;
  /**
   * A dry run: the operations that would be sent, in these calls; `describe` names an
   * operation's user, role and project (`add_user_security_role user "bo" role "User"`).
   */
  onDryRun?(
    plan: Plan,
    calls: readonly PlanCall[],
    describe: (operation: SecurityRoleOperation) => string,
  ): void;
  /** What is happening, one line each ("Checking that … still matches the saved plan..."). */
  onStatus?(line: string): void;
  /** Safety refusals, just before they are thrown as a SafetyError. */
  onRefusals?(refusals: readonly Diagnostic[], files: readonly string[]): void;
  /**
   * Whether to apply this plan: `'declined'` stops (DeclinedError, nothing sent). Default:
   * `'assumed'` (calling `apply` is the decision, as `--yes` is). `'confirmed'` means a
   * person was asked: the server is then read again before sending, since time passed.
   */
  confirm?(plan: Plan, calls: readonly PlanCall[]): Confirmation | Promise<Confirmation>;
}

export interface ApplyOptions extends Omit<ServerOptions, 'events'> {
  /**
   * A saved plan (`plan --out FILE`): applied only if the same config, planned now on this
   * server, gives exactly that plan (else StalePlanError or UnreviewedPlanError, nothing sent).
   */
  planFile?: string;
  /**
   * A reviewed plan: its file (`plan --out`, e.g. the pull request's artifact) or its changes
   * digest (`sha256:…`, shown in the plan's Markdown). The plan made now is applied only if
   * it makes exactly those changes, else StalePlanError and nothing is sent. Not with
   * `planFile`, which applies the saved plan itself.
   */
  reviewed?: string;
  /** Show what would be sent; send nothing. */
  dryRun?: boolean;
  /** Allow this many removals (`--allow-removals N`). */
  allowRemovals?: number;
  /** Send in calls of at most this many operations, whole users each; default one call. */
  maxOperationsPerCall?: number;
  /** The audit log (JSON Lines), relative to `cwd`; default `.ftrack-roles/audit.jsonl`. */
  auditLog?: string;
  /**
   * Variables the audit line's `ci` fields are read from (GitHub Actions' and GitLab CI's
   * run, job and actor); default none: the environment is not read.
   */
  ciEnvironment?: Record<string, string | undefined>;
  events?: ApplyEvents;
}

export interface ApplyResult {
  /** The plan applied (or, in a dry run, that would be), as `plan --format json` prints it. */
  plan: Plan;
  /** How it ended, as the audit line says: `applied`, `no-changes` or `dry-run`. */
  outcome: AuditOutcome;
  /**
   * The audit line could not be written: the changes were applied (or not) as `outcome`
   * says, but the log misses them (the CLI exits 1).
   */
  auditFailed: boolean;
}

/**
 * `apply`: plans (or checks a saved plan), refuses what a safety rule refuses
 * (SafetyError), and sends the operations in one all-or-nothing call, after checking the
 * server has not changed; verifies the result; writes the audit line. Failures throw typed
 * errors (StalePlanError, ServerCallError, UnknownOutcomeError, VerificationError, …) after
 * the audit line is written.
 */
export async function apply(options: ApplyOptions): Promise<ApplyResult> {
  if (options.planFile !== undefined && options.reviewed !== undefined) {
    throw new UsageError(
      'Give --plan or --reviewed, not both: --plan applies that saved plan itself; --reviewed plans again and applies only the changes that were reviewed.',
    );
  }
  if (options.reviewed !== undefined) checkReviewedOption(options.reviewed);
  const config = configOf(options);
  const secrets: string[] = [];
  const open = sessionOpener(remembered(options.connection, secrets));
  const events = options.events ?? {};
  let applied: Plan | undefined;
  const result = await applyWorkflow(
    {
      source: {
        config,
        ...(options.planFile === undefined ? {} : { planFile: options.planFile }),
      },
      connect: open,
      ...(options.allowRemovals === undefined ? {} : { allowRemovals: options.allowRemovals }),
      ...(options.reviewed === undefined ? {} : { reviewed: options.reviewed }),
      dryRun: options.dryRun === true,
      ...(options.maxOperationsPerCall === undefined
        ? {}
        : { maxOperationsPerCall: options.maxOperationsPerCall }),
      audit: {
        file: options.auditLog ?? DEFAULT_AUDIT_LOG,
        cwd: config.cwd,
        env: options.ciEnvironment ?? {},
        now: config.now,
        redact: (text) => secrets.reduce((out, secret) => redactText(out, secret), text),
        origin: { host: hostname(), pid: process.pid, isAlive: isProcessAlive },
      },
    },
    {
      ...events,
      onPlan: (plan) => {
        applied = plan;
        events.onPlan?.(plan);
      },
      onStatus: (line) => events.onStatus?.(line),
      confirm: async (plan, calls) => (await events.confirm?.(plan, calls)) ?? 'assumed',
    },
  );
  if (applied === undefined) throw new Error('internal: apply ended without a plan');
  return { plan: orderedPlan(applied), outcome: result.outcome, auditFailed: result.auditFailed };
}

/**
 * The connection, remembering what the audit log must never show: the key and, as defence
 * in depth, a proxy password long enough not to mangle every line.
 */
function remembered(connection: Connection, secrets: string[]): Connection {
  return () => {
    const values = typeof connection === 'function' ? connection() : connection;
    if (typeof values.apiKey === 'string' && values.apiKey.trim() !== '') {
      secrets.push(values.apiKey.replace(/^\ufeff/, '').trim());
    }
    const password = proxyPassword(values.proxy);
    if (password.length >= 6) secrets.push(password);
    return values;
  };
}

function proxyPassword(proxy: string | undefined): string {
  if (proxy === undefined) return '';
  try {
    return decodeURIComponent(new URL(proxy).password);
  } catch {
    return '';
  }
}

/** Whether a process of this machine is alive (signal 0 reaches it, or would but for permissions). */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
