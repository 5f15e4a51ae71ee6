import {
  applyPlan,
  APPLY_CODES,
  assertPlanFresh,
  AuditTrail,
  checkPlanApiUser,
  checkPlanOperations,
  checkPlanServer,
  findPlanDifference,
  readPlanFile,
  type AuditOutcome,
} from '../apply/index.js';
import type { CurrentState } from '../current/index.js';
import {
  ConfigError,
  FtrackRolesError,
  SafetyError,
  StalePlanError,
  UnreviewedPlanError,
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
    const { config, planFile } = input.source;
    const prepared =
      planFile === undefined
        ? await prepareFromConfig(input, config, audit, events)
        : await prepareFromFile(input, planFile, config, audit, events);
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
  config: ConfigSource,
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

/**
 * With a plan file: read it, check it is for this server and API user, then plan its config
 * again (which re-reads the server) and refuse the file unless it follows from it: the same
 * config digest (else stale, exit 4), the same server state (stale, exit 4), operations that
 * follow from its own changes (FR467, exit 1), and exactly the plan the config gives now
 * (else UnreviewedPlanError, exit 4). The safety rules are the config's.
 */
async function prepareFromFile(
  input: ApplyInput,
  file: string,
  config: ConfigSource,
  audit: AuditTrail,
  events: ApplyEvents,
): Promise<Prepared> {
  audit.planFile = file;
  const saved = await readPlanFile(file, config.cwd);
  audit.plan = saved;
  const session = input.connect();
  try {
    checkPlanServer(saved, session.server, file);
    checkPlanApiUser(saved, session.apiUser, file);
    events.onStatus(`Checking that ${session.server} still matches the saved plan...`);
    const planned = await planConfig(
      {
        ...config,
        connect: () => session,
        ...(input.allowRemovals === undefined ? {} : { allowRemovals: input.allowRemovals }),
      },
      events,
    );
    const { current } = planned;
    const where = config.paths.length > 0 ? config.paths.join(' ') : 'access';
    if (planned.plan.config_digest !== saved.config_digest) {
      throw new StalePlanError(
        `The saved plan was made from another version of the config: ${file} names ${saved.config_digest}, the files at ${where} are ${planned.plan.config_digest}. Nothing was sent.\nRun apply with the config paths the plan was made from, in the same directory, or plan again and review the new plan.`,
      );
    }
    assertPlanFresh(saved, current);
    checkPlanOperations(saved, current, file);
    const difference = findPlanDifference(saved, planned.plan);
    if (difference !== undefined) {
      throw new UnreviewedPlanError(
        `The saved plan does not follow from the config at ${where}: ${difference}. Nothing was sent.\nDo not edit plan files: plan again and review the new plan.`,
        [difference],
      );
    }
    if (planned.refusals.length > 0) {
      events.onRefusals?.(planned.refusals, planned.files);
      throw new SafetyError(
        'The saved plan is refused by a safety rule; nothing was sent.',
        planned.refusals,
      );
    }
    return { plan: saved, current, session };
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

function messageOf(error: unknown): string {
  if (error instanceof FtrackRolesError) return error.message;
  return error instanceof Error ? `Internal error: ${error.message}` : String(error);
}
