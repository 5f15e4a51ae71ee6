import { UsageError } from '../../diagnostics/index.js';
import type { PlanCall } from '../../apply/index.js';
import { apply, type ApplyEvents } from '../../api/apply.js';
import { plural } from '../../model/index.js';
import type { Plan } from '../../plan/index.js';
import type { SecurityRoleOperation } from '../../wire/index.js';
import { render } from '../../render/index.js';
import { apiConfigInput } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import { useColor, type CliIo } from '../io.js';
import { reportDiagnostics, terminalEvents } from '../progress.js';
import type { ApplyCliOptions } from './options.js';

/** The options of `apply`: the shared ones, and how many operations go in one call. */
export interface ApplyCommandOptions extends ApplyCliOptions {
  maxOperationsPerCall?: number;
}

/** The action of `ftrack-roles apply`, loaded only when the command runs. */
export async function runApplyCommand(
  io: CliIo,
  paths: string[],
  options: ApplyCommandOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const result = await apply({
    ...apiConfigInput(io, paths, options),
    ...(options.plan === undefined ? {} : { planFile: options.plan }),
    ...(options.reviewed === undefined ? {} : { reviewed: options.reviewed }),
    ...(options.allowRemovals === undefined ? {} : { allowRemovals: options.allowRemovals }),
    dryRun: options.dryRun === true,
    ...(options.maxOperationsPerCall === undefined
      ? {}
      : { maxOperationsPerCall: options.maxOperationsPerCall }),
    ...(options.auditLog === undefined ? {} : { auditLog: options.auditLog }),
    ciEnvironment: io.env,
    events: applyEvents(io, options),
  });
  setExit(result.auditFailed ? EXIT.error : EXIT.ok);
}

function applyEvents(io: CliIo, options: ApplyCommandOptions): ApplyEvents {
  const color = options.format === 'text' && useColor(io);
  return {
    ...terminalEvents(io, { held: true }),
    onPlan: (plan) => io.stdout(render('plan', options.format, plan, { color })),
    onDryRun: (plan, calls, describe) => {
      if (options.format === 'text') io.stdout(dryRunText(plan, calls, describe, options));
    },
    onStatus: (line) => io.stderr(`${line}\n`),
    onRefusals: (refusals, files) => reportDiagnostics(io, refusals, files),
    confirm: (plan, calls) => confirmApply(io, plan, calls, options),
  };
}

/**
 * What a dry run would send, in names: each call's operations, numbered (the ids are in the
 * plan's JSON, `--format json`).
 */
function dryRunText(
  plan: Plan,
  calls: readonly PlanCall[],
  describe: (operation: SecurityRoleOperation) => string,
  options: ApplyCommandOptions,
): string {
  const exact =
    '\nThe exact operations, with the ids apply sends, are in the plan as JSON: apply --dry-run --format json.\n';
  const list = (operations: readonly SecurityRoleOperation[]) => {
    const width = Math.max(2, String(operations.length).length);
    return operations.map((op, i) => `  ${String(i + 1).padStart(width)}. ${describe(op)}\n`);
  };
  const operations = plural(plan.operations.length, 'operation');
  if (calls.length <= 1) {
    const head = `\nOperations that would be sent in one call to ${plan.server}/api (${operations}):\n`;
    return [head, ...list(plan.operations), exact].join('');
  }
  const parts = [
    `\nOperations that would be sent in ${calls.length} calls to ${plan.server}/api (${operations}; each call all or nothing; a failed call stops the apply):\n`,
  ];
  const max = options.maxOperationsPerCall;
  for (const call of calls) {
    const over =
      max !== undefined && call.operations.length > max
        ? ` (more than ${max}: a user's operations are never split)`
        : '';
    parts.push(
      `\nCall ${call.index} of ${call.count}: ${plural(call.operations.length, 'operation')}${over} for ${call.users.join(', ')}\n`,
      ...list(call.operations),
    );
  }
  return [...parts, exact].join('');
}

/** `assumed` with --yes; asks on a terminal; throws without one. */
async function confirmApply(
  io: CliIo,
  plan: Plan,
  calls: readonly PlanCall[],
  options: ApplyCliOptions,
): Promise<'assumed' | 'confirmed' | 'declined'> {
  if (options.yes === true) return 'assumed';
  if (!io.stdinIsTTY) {
    throw new UsageError(
      'Refusing to apply without confirmation: stdin is not a terminal. Review the plan above, then run again with --yes. Nothing was sent.',
    );
  }
  const n = plan.summary.changes;
  const chunks =
    calls.length > 1
      ? ` in ${calls.length} calls (each call all or nothing, not the whole plan)`
      : '';
  const what = n === 1 ? 'this change' : `these ${n} changes`;
  const ok = await io.confirm(
    `Apply ${what} (${plural(plan.operations.length, 'operation')}) to ${plan.server}${chunks}?`,
  );
  return ok ? 'confirmed' : 'declined';
}
