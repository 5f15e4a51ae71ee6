import {
  applyPlan,
  assertPlanFresh,
  AuditTrail,
  checkPlanApiUser,
  checkPlanOperations,
  checkPlanServer,
  findPlanDifference,
  operationNamer,
  readPlanFile,
  readTouchedState,
  splitPlan,
  type AuditOutcome,
  type PlanCall,
} from '../apply/index.js';
import {
  PermissionDeniedError,
  SafetyError,
  StalePlanError,
  UnreviewedPlanError,
} from '../diagnostics/index.js';
import {
  checkAuditLog,
  messageOf,
  outcomeOf,
  recordAudit,
  recoverPendingAttempts,
} from './apply-audit.js';
import {
  DeclinedError,
  type ApplyEvents,
  type ApplyInput,
  type ApplyOutcome,
  type ConfigSource,
  type Prepared,
} from './apply-types.js';
import { assertReviewedChanges } from './apply-reviewed.js';
import { planConfig } from './plan-config.js';

export {
  DeclinedError,
  type ApplyEvents,
  type ApplyInput,
  type ApplyOutcome,
} from './apply-types.js';

/**
 * The apply workflow: plan the config (or read a saved plan, check it is for this server
 * and user, re-read the server and refuse it when stale or edited), refuse what a safety
 * rule refuses, show the plan, ask, check again that the server did not change while a
 * person was thinking, send every operation in one call (or, with
 * `maxOperationsPerCall`, in chunks of whole users, one call each), verify, and write the
 * audit lines: one outcome line whatever happens (and per chunk, a pending and an
 * `accepted` line). Errors are thrown after the audit line is written.
 */
export async function applyWorkflow(input: ApplyInput, events: ApplyEvents): Promise<ApplyOutcome> {
  const audit = new AuditTrail(input.audit);
  await checkAuditLog(audit, input.audit.file);
  let outcome: AuditOutcome;
  try {
    const { config, planFile } = input.source;
    const prepared =
      planFile === undefined
        ? await prepareFromConfig(input, config, audit, events)
        : await prepareFromFile(input, planFile, config, audit, events);
    try {
      await recoverPendingAttempts(audit, input.audit, prepared, events);
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
  if (input.reviewed !== undefined) {
    try {
      await assertReviewedChanges(result.plan, input.reviewed, config.cwd);
    } catch (error) {
      await result.session.close();
      events.onPlan(result.plan);
      throw error;
    }
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
    // The re-plan digested this state already: reused when its managed users are the
    // saved plan's on this state.
    const known = { users: planned.plan.managed.users, digest: planned.plan.state_digest };
    assertPlanFresh(saved, current, undefined, undefined, known);
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
  const calls = splitPlan(plan, current, input.maxOperationsPerCall);
  if (input.dryRun) {
    events.onDryRun?.(plan, calls, operationNamer(current));
    events.onStatus('Dry run: nothing was sent.');
    return recordAudit(audit, 'dry-run', events);
  }
  const answer = await events.confirm(plan, calls);
  if (answer === 'declined') throw new DeclinedError('Apply cancelled; nothing was sent.');
  if (answer === 'confirmed') {
    // The plan may have been read a while ago (a person was thinking): check it still holds
    // for what it depends on (the users it touches, roles, projects; touched-state.ts).
    const why = 'The plan is stale: the server changed while you were confirming.';
    events.onStatus(`Checking that ${session.server} did not change meanwhile...`);
    assertPlanFresh(plan, await readTouchedState(session, plan, current), why, current);
  }
  // The state digest was checked once (above, or when planning); chunks are not re-checked.
  return send({ plan, current, session }, calls, input, audit, events);
}

/** Sends the calls (pending line before each), writes the outcome line, throws a failure. */
async function send(
  { plan, current, session }: Prepared,
  calls: readonly PlanCall[],
  input: ApplyInput,
  audit: AuditTrail,
  events: ApplyEvents,
): Promise<AuditOutcome> {
  const max = input.maxOperationsPerCall;
  const result = await applyPlan(session, plan, {
    current,
    calls,
    ...(max === undefined ? {} : { maxOperationsPerCall: max }),
    onProgress: (line) => events.onStatus(line),
    // Written and flushed before each call leaves: should the process die before the
    // answer, the log still says what was sent, and the next apply says what became of it.
    beforeCall: (call) => {
      audit.call = call;
      return audit.recordPending();
    },
    afterAccepted: (call) => recordAccepted(audit, call, events),
  });
  await recordAudit(audit, result.outcome, events, {
    message: result.message,
    ...(result.stateDigestAfter === undefined ? {} : { stateDigestAfter: result.stateDigestAfter }),
  });
  if (result.error !== undefined) throw writeRefused(result.error, session.apiUser);
  events.onStatus(result.message);
  return result.outcome;
}

/**
 * A write the server refused for want of permission: most often the job has the read-only
 * key of `plan` (docs/ci.md, "Two API users"), so the error says which user it was.
 */
function writeRefused(error: Error, apiUser: string): Error {
  if (!(error instanceof PermissionDeniedError)) return error;
  return new PermissionDeniedError(
    `${error.message}\nThe API user "${apiUser}" may not change security roles: apply needs the writing API user (in CI, the key of the protected apply job, not the read-only key of plan; docs/ci.md). \`ftrack-roles doctor\` checks a key's permissions.`,
    error.exception,
    error.errorCode,
    { cause: error },
  );
}

/** The line of a chunk the server accepted; a failure to write it is reported (exit 1). */
async function recordAccepted(audit: AuditTrail, call: PlanCall, events: ApplyEvents) {
  try {
    await audit.recordAccepted(
      `The server accepted chunk ${call.index} of ${call.count}; the next chunk follows.`,
    );
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    events.onStatus(`Error: could not write the audit log: ${why}`);
  }
}
