import {
  applyPlan,
  assertPlanFresh,
  APPLY_CODES,
  AuditTrail,
  checkPlanApiUser,
  checkSavedPlan,
  checkPlanServer,
  DEFAULT_AUDIT_LOG,
  readPlanFile,
  type AuditOutcome,
} from '../../apply/index.js';
import type { CurrentState } from '../../current/index.js';
import {
  ConfigError,
  FtrackRolesError,
  SafetyError,
  StalePlanError,
  UsageError,
} from '../../diagnostics/index.js';
import { PLAN_FILE_CODES, type Plan } from '../../plan/index.js';
import { renderPlan } from '../../render/index.js';
import { openSession, redactText, type Session } from '../../session/index.js';
import { connectionFromOptions, readCurrentState, sessionOptions } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import { useColor, type CliIo } from '../io.js';
import { reportDiagnostics, runPlanPipeline } from '../plan-pipeline.js';
import type { ApplyCliOptions } from './apply.js';

interface Prepared {
  plan: Plan;
  current: CurrentState;
  session: Session;
}

/** The action of `ftrack-roles apply`, loaded only when the command runs. */
export async function runApplyCommand(
  io: CliIo,
  paths: string[],
  options: ApplyCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const audit = new AuditTrail({
    file: options.auditLog ?? DEFAULT_AUDIT_LOG,
    cwd: io.cwd,
    env: io.env,
    now: io.now,
    redact: envKeyRedactor(io),
  });
  try {
    await runApply(io, paths, options, audit);
  } catch (error) {
    await recordAudit(io, audit, outcomeOf(error), { message: messageOf(error) });
    throw error;
  }
  setExit(audit.failed ? EXIT.error : EXIT.ok);
}

async function runApply(
  io: CliIo,
  paths: string[],
  options: ApplyCliOptions,
  audit: AuditTrail,
): Promise<void> {
  const prepared =
    options.plan === undefined
      ? await prepareFromConfig(io, paths, options, audit)
      : await prepareFromFile(io, paths, options.plan, options, audit);
  try {
    await showConfirmAndApply(io, prepared, options, audit);
  } finally {
    await prepared.session.close();
  }
}

/** Without --plan: the plan pipeline (config → state → plan), then its safety rules. */
async function prepareFromConfig(
  io: CliIo,
  paths: string[],
  options: ApplyCliOptions,
  audit: AuditTrail,
): Promise<Prepared> {
  const result = await runPlanPipeline(io, {
    paths,
    connection: options,
    maxFileBytes: options.maxFileSize,
    ...(options.allowRemovals === undefined ? {} : { allowRemovals: options.allowRemovals }),
  });
  audit.plan = result.plan;
  const prepared = { plan: result.plan, current: result.current, session: result.session };
  if (result.refusals.length > 0) {
    await result.session.close();
    io.stdout(
      renderPlan(result.plan, options.format, { color: options.format === 'text' && useColor(io) }),
    );
    reportDiagnostics(io, result.refusals, result.files);
    throw new SafetyError(
      'The plan is refused by a safety rule; nothing was sent.',
      result.refusals,
    );
  }
  return prepared;
}

/** With --plan: read and check the file, re-read the server, refuse a stale or edited plan. */
async function prepareFromFile(
  io: CliIo,
  paths: string[],
  file: string,
  options: ApplyCliOptions,
  audit: AuditTrail,
): Promise<Prepared> {
  audit.planFile = file;
  if (paths.length > 0) {
    throw new UsageError('Give either config PATHs or --plan FILE, not both.');
  }
  const plan = await readPlanFile(file, io.cwd);
  audit.plan = plan;
  const settings = connectionFromOptions(options, io);
  checkPlanServer(plan, settings.server, file);
  checkPlanApiUser(plan, settings.apiUser, file);
  const session = openSession(settings, sessionOptions(options));
  try {
    io.stderr(`Checking that ${settings.server} still matches the saved plan...\n`);
    const current = await readCurrentState(io, session);
    const refusals = checkSavedPlan(plan, current, file, {
      ...(options.allowRemovals === undefined ? {} : { allowRemovals: options.allowRemovals }),
    });
    if (refusals.length > 0) {
      reportDiagnostics(io, refusals, []);
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
  io: CliIo,
  { plan, current, session }: Prepared,
  options: ApplyCliOptions,
  audit: AuditTrail,
): Promise<void> {
  io.stdout(renderPlan(plan, options.format, { color: options.format === 'text' && useColor(io) }));
  if (plan.operations.length === 0) {
    io.stderr('No changes. Nothing was sent.\n');
    await recordAudit(io, audit, 'no-changes');
    return;
  }
  if (options.dryRun === true) {
    if (options.format === 'text') {
      io.stdout(`\nOperations that would be sent in one call to ${plan.server}/api:\n`);
      io.stdout(`${JSON.stringify(plan.operations, null, 2)}\n`);
    }
    io.stderr('Dry run: nothing was sent.\n');
    await recordAudit(io, audit, 'dry-run');
    return;
  }
  if (await confirmApply(io, plan, options)) {
    // The plan may have been read a while ago (a person was thinking): check it still holds.
    const why = 'The plan is stale: the server changed while you were confirming.';
    assertPlanFresh(plan, await readCurrentState(io, session), why);
  }
  const result = await applyPlan(session, plan, {
    current,
    onProgress: (line) => io.stderr(`${line}\n`),
  });
  await recordAudit(io, audit, result.outcome, {
    message: result.message,
    ...(result.stateDigestAfter === undefined ? {} : { stateDigestAfter: result.stateDigestAfter }),
  });
  if (result.error !== undefined) throw result.error;
  io.stderr(`${result.message}\n`);
}

/** True when a person confirmed on the terminal; false with --yes; throws otherwise. */
async function confirmApply(io: CliIo, plan: Plan, options: ApplyCliOptions): Promise<boolean> {
  if (options.yes === true) return false;
  if (!io.stdinIsTTY) {
    throw new UsageError(
      'Refusing to apply without confirmation: stdin is not a terminal. Review the plan above, then run again with --yes. Nothing was sent.',
    );
  }
  const n = plan.summary.changes;
  const ok = await io.confirm(
    `Apply these ${n} change${n === 1 ? '' : 's'} (${plan.operations.length} operations) to ${plan.server}?`,
  );
  if (!ok) throw new DeclinedError('Apply cancelled; nothing was sent.');
  return true;
}

/** Diagnostic codes of a plan file that apply refuses (outcome `refused`). */
const PLAN_FILE_REFUSALS = new Set<string>([
  ...Object.values(PLAN_FILE_CODES),
  ...Object.values(APPLY_CODES),
]);

/** The user answered no at the prompt (exit 1). */
class DeclinedError extends UsageError {}

/** Writes the audit line; a failure to write it is reported (and makes the exit status 1). */
async function recordAudit(
  io: CliIo,
  audit: AuditTrail,
  outcome: AuditOutcome,
  extra: { message?: string; stateDigestAfter?: string } = {},
): Promise<void> {
  try {
    await audit.record(outcome, extra);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    io.stderr(`Error: could not write the audit log: ${why}\n`);
  }
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

/** Removes the key of FTRACK_API_KEY (if set) from audit lines, belt and braces. */
function envKeyRedactor(io: CliIo): (text: string) => string {
  const key = io.env['FTRACK_API_KEY']?.trim();
  return key === undefined || key.length < 4 ? (text) => text : (text) => redactText(text, key);
}
