import {
  applyPlan,
  APPLY_CODES,
  assertPlanFresh,
  AuditTrail,
  checkPlanApiUser,
  checkPlanServer,
  checkSavedPlan,
  readPlanFile,
  type AuditOutcome,
} from '../apply/index.js';
import type { CurrentState } from '../current/index.js';
import {
  ConfigError,
  FtrackRolesError,
  SafetyError,
  StalePlanError,
  UsageError,
  type Diagnostic,
} from '../diagnostics/index.js';
import { PLAN_FILE_CODES, type Plan } from '../plan/index.js';
import type { Session } from '../session/index.js';
import type { PlanEvents } from './events.js';
import { planConfig, type PlanConfigInput } from './plan-config.js';
import { readCurrentState } from './reads.js';

/** Where the audit line goes, and what it needs (apply/audit-trail.ts). */
export interface AuditTarget {
  /** The audit log, relative to `cwd` unless absolute. */
  file: string;
  cwd: string;
  /** The environment, for the CI commit and run it names. */
  env: Record<string, string | undefined>;
  now: () => Date;
  /** Removes secrets from the line before it is written. */
  redact: (text: string) => string;
}

/** What to apply: the config (planned now), or a saved plan file. */
export type ApplySource =
  | { config: Omit<PlanConfigInput, 'connect' | 'allowRemovals' | 'findings' | 'keepDesired'> }
  | {
      planFile: string;
      cwd: string;
      /** Config paths given as well: refused (a saved plan is applied as it is). */
      configPaths?: readonly string[];
    };

export interface ApplyInput {
  source: ApplySource;
  /** Opens the session (see PlanConfigInput.connect). */
  connect: () => Session;
  /** `--allow-removals N`. */
  allowRemovals?: number;
  /** `--dry-run`: show the plan and the operations, send nothing. */
  dryRun: boolean;
  audit: AuditTarget;
}

/** How the person at the terminal answered (or `assumed`: `--yes`, nobody was asked). */
export type Confirmation = 'assumed' | 'confirmed' | 'declined';

export interface ApplyEvents extends PlanEvents {
  /** The plan to apply (shown before a refusal too). */
  onPlan(plan: Plan): void;
  /** A dry run: the operations that would be sent. */
  onDryRun?(plan: Plan): void;
  /** What is happening, one line each (for stderr). */
  onStatus(line: string): void;
  /** Safety refusals of the plan, just before they are thrown as a SafetyError. */
  onRefusals?(refusals: readonly Diagnostic[], files: readonly string[]): void;
  /**
   * Asks whether to apply. It may throw (no terminal and no `--yes`): that is recorded as
   * a refusal.
   */
  confirm(plan: Plan): Promise<Confirmation>;
}

export interface ApplyOutcome {
  /** How it ended, as the audit line says. */
  outcome: AuditOutcome;
  /** The audit line could not be written (the command then fails). */
  auditFailed: boolean;
}

/** The person answered no at the prompt (exit 1, audit outcome `declined`). */
export class DeclinedError extends UsageError {}

interface Prepared {
  plan: Plan;
  current: CurrentState;
  session: Session;
}

/**
 * The apply workflow: plan the config (or read a saved plan, check it is for this server
 * and user, re-read the server and refuse it when stale or edited), refuse what a safety
 * rule refuses, show the plan, ask, check again that the server did not change while a
 * person was thinking, send every operation in one call, verify, and write exactly one
 * audit line, whatever happens. Errors are thrown after the audit line is written.
 */
export async function applyWorkflow(input: ApplyInput, events: ApplyEvents): Promise<ApplyOutcome> {
  const audit = new AuditTrail(input.audit);
  let outcome: AuditOutcome;
  try {
    const prepared =
      'config' in input.source
        ? await prepareFromConfig(input, input.source.config, audit, events)
        : await prepareFromFile(input, input.source, audit, events);
    try {
      outcome = await showConfirmAndApply(prepared, input, audit, events);
    } finally {
      await prepared.session.close();
    }
  } catch (error) {
    await recordAudit(audit, outcomeOf(error), events, { message: messageOf(error) });
    throw error;
  }
  return { outcome, auditFailed: audit.failed };
}

/** Without a plan file: the plan pipeline (config → state → plan), then its safety rules. */
async function prepareFromConfig(
  input: ApplyInput,
  config: Extract<ApplySource, { config: unknown }>['config'],
  audit: AuditTrail,
  events: ApplyEvents,
): Promise<Prepared> {
  const result = await planConfig(
    {
      ...config,
      connect: input.connect,
      ...(input.allowRemovals === undefined ? {} : { allowRemovals: input.allowRemovals }),
    },
    events,
  );
  audit.plan = result.plan;
  if (result.refusals.length > 0) {
    await result.session.close();
    events.onPlan(result.plan);
    events.onRefusals?.(result.refusals, result.files);
    throw new SafetyError(
      'The plan is refused by a safety rule; nothing was sent.',
      result.refusals,
    );
  }
  return { plan: result.plan, current: result.current, session: result.session };
}

/** With a plan file: read and check it, re-read the server, refuse a stale or edited plan. */
async function prepareFromFile(
  input: ApplyInput,
  source: Extract<ApplySource, { planFile: string }>,
  audit: AuditTrail,
  events: ApplyEvents,
): Promise<Prepared> {
  const file = source.planFile;
  audit.planFile = file;
  if ((source.configPaths ?? []).length > 0) {
    throw new UsageError('Give either config PATHs or --plan FILE, not both.');
  }
  const plan = await readPlanFile(file, source.cwd);
  audit.plan = plan;
  const session = input.connect();
  try {
    checkPlanServer(plan, session.server, file);
    checkPlanApiUser(plan, session.apiUser, file);
    events.onStatus(`Checking that ${session.server} still matches the saved plan...`);
    const current = await readCurrentState(session, events);
    const refusals = checkSavedPlan(plan, current, file, {
      ...(input.allowRemovals === undefined ? {} : { allowRemovals: input.allowRemovals }),
    });
    if (refusals.length > 0) {
      events.onRefusals?.(refusals, []);
      throw new SafetyError(
        'The saved plan is refused by a safety rule; nothing was sent.',
        refusals,
      );
    }
    return { plan, current, session };
  } catch (error) {
    await session.close();
    throw error;
  }
}

async function showConfirmAndApply(
  { plan, current, session }: Prepared,
  input: ApplyInput,
  audit: AuditTrail,
  events: ApplyEvents,
): Promise<AuditOutcome> {
  events.onPlan(plan);
  if (plan.operations.length === 0) {
    events.onStatus('No changes. Nothing was sent.');
    return recordAudit(audit, 'no-changes', events);
  }
  if (input.dryRun) {
    events.onDryRun?.(plan);
    events.onStatus('Dry run: nothing was sent.');
    return recordAudit(audit, 'dry-run', events);
  }
  const answer = await events.confirm(plan);
  if (answer === 'declined') throw new DeclinedError('Apply cancelled; nothing was sent.');
  if (answer === 'confirmed') {
    // The plan may have been read a while ago (a person was thinking): check it still holds.
    const why = 'The plan is stale: the server changed while you were confirming.';
    assertPlanFresh(plan, await readCurrentState(session, events), why);
  }
  const result = await applyPlan(session, plan, {
    current,
    onProgress: (line) => events.onStatus(line),
  });
  await recordAudit(audit, result.outcome, events, {
    message: result.message,
    ...(result.stateDigestAfter === undefined ? {} : { stateDigestAfter: result.stateDigestAfter }),
  });
  if (result.error !== undefined) throw result.error;
  events.onStatus(result.message);
  return result.outcome;
}

/** Diagnostic codes of a plan file that apply refuses (outcome `refused`). */
const PLAN_FILE_REFUSALS = new Set<string>([
  ...Object.values(PLAN_FILE_CODES),
  ...Object.values(APPLY_CODES),
]);

/** Writes the audit line; a failure to write it is reported (and makes the exit status 1). */
async function recordAudit(
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

function outcomeOf(error: unknown): AuditOutcome {
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

function messageOf(error: unknown): string {
  if (error instanceof FtrackRolesError) return error.message;
  return error instanceof Error ? `Internal error: ${error.message}` : String(error);
}
