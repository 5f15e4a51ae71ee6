import { UsageError } from '../../diagnostics/index.js';
import type { PlanCall } from '../../apply/index.js';
import { apply, type ApplyEvents } from '../../api/apply.js';
import type { Plan } from '../../plan/index.js';
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
    onDryRun: (plan, calls) => {
      if (options.format !== 'text') return;
      if (calls.length <= 1) {
        io.stdout(`\nOperations that would be sent in one call to ${plan.server}/api:\n`);
        io.stdout(`${JSON.stringify(plan.operations, null, 2)}\n`);
        return;
      }
      io.stdout(
        `\nOperations that would be sent in ${calls.length} calls to ${plan.server}/api (each call all or nothing; a failed call stops the apply):\n`,
      );
      for (const call of calls) io.stdout(dryRunCall(call, options.maxOperationsPerCall));
    },
    onStatus: (line) => io.stderr(`${line}\n`),
    onRefusals: (refusals, files) => reportDiagnostics(io, refusals, files),
    confirm: (plan, calls) => confirmApply(io, plan, calls, options),
  };
}

/** One chunk of a dry run: which users, how many operations, and the operations. */
function dryRunCall(call: PlanCall, max: number | undefined): string {
  const over =
    max !== undefined && call.operations.length > max
      ? ` (more than ${max}: a user's operations are never split)`
      : '';
  const head = `\nCall ${call.index} of ${call.count}: ${call.operations.length} operations${over} for ${call.users.join(', ')}\n`;
  return `${head}${JSON.stringify(call.operations, null, 2)}\n`;
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
  const ok = await io.confirm(
    `Apply these ${n} change${n === 1 ? '' : 's'} (${plan.operations.length} operations) to ${plan.server}${chunks}?`,
  );
  return ok ? 'confirmed' : 'declined';
}
