import { hostname } from 'node:os';
import { UsageError } from '../../diagnostics/index.js';
import { DEFAULT_AUDIT_LOG } from '../../apply/audit-log.js';
import { applyWorkflow, type ApplyEvents } from '../../pipeline/apply.js';
import type { Plan } from '../../plan/index.js';
import { render } from '../../render/index.js';
import { configInput } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import { useColor, type CliIo } from '../io.js';
import { reportDiagnostics, terminalEvents } from '../progress.js';
import type { ApplyCliOptions } from './options.js';

/** The action of `ftrack-roles apply`, loaded only when the command runs. */
export async function runApplyCommand(
  io: CliIo,
  paths: string[],
  options: ApplyCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const { connect, ...config } = configInput(io, paths, options);
  const result = await applyWorkflow(
    {
      source: { config, ...(options.plan === undefined ? {} : { planFile: options.plan }) },
      connect,
      ...(options.allowRemovals === undefined ? {} : { allowRemovals: options.allowRemovals }),
      dryRun: options.dryRun === true,
      audit: {
        file: options.auditLog ?? DEFAULT_AUDIT_LOG,
        cwd: io.cwd,
        env: io.env,
        now: io.now,
        redact: (text) => io.secrets?.redact(text) ?? text,
        origin: { host: hostname(), pid: process.pid, isAlive: isProcessAlive },
      },
    },
    applyEvents(io, options),
  );
  setExit(result.auditFailed ? EXIT.error : EXIT.ok);
}

function applyEvents(io: CliIo, options: ApplyCliOptions): ApplyEvents {
  const color = options.format === 'text' && useColor(io);
  return {
    ...terminalEvents(io, { held: true }),
    onPlan: (plan) => io.stdout(render('plan', options.format, plan, { color })),
    onDryRun: (plan) => {
      if (options.format !== 'text') return;
      io.stdout(`\nOperations that would be sent in one call to ${plan.server}/api:\n`);
      io.stdout(`${JSON.stringify(plan.operations, null, 2)}\n`);
    },
    onStatus: (line) => io.stderr(`${line}\n`),
    onRefusals: (refusals, files) => reportDiagnostics(io, refusals, files),
    confirm: (plan) => confirmApply(io, plan, options),
  };
}

/** `assumed` with --yes; asks on a terminal; throws without one. */
async function confirmApply(
  io: CliIo,
  plan: Plan,
  options: ApplyCliOptions,
): Promise<'assumed' | 'confirmed' | 'declined'> {
  if (options.yes === true) return 'assumed';
  if (!io.stdinIsTTY) {
    throw new UsageError(
      'Refusing to apply without confirmation: stdin is not a terminal. Review the plan above, then run again with --yes. Nothing was sent.',
    );
  }
  const n = plan.summary.changes;
  const ok = await io.confirm(
    `Apply these ${n} change${n === 1 ? '' : 's'} (${plan.operations.length} operations) to ${plan.server}?`,
  );
  return ok ? 'confirmed' : 'declined';
}

/** Whether a process of this machine is alive (a signal 0 reaches it, or would but for permissions). */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
