import { isAbsolute, join } from 'node:path';
import { SafetyError } from '../../diagnostics/index.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { plan as planAccess } from '../../api/plan.js';
import { render } from '../../render/index.js';
import { apiConfigInput } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import { useColor, type CliIo } from '../io.js';
import { reportDiagnostics, terminalEvents } from '../progress.js';
import type { PlanCliOptions } from './options.js';

/** The action of `ftrack-roles plan`, loaded only when the command runs. */
export async function runPlanCommand(
  io: CliIo,
  paths: string[],
  options: PlanCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const { plan, refusals, files } = await planAccess({
    ...apiConfigInput(io, paths, options),
    ...(options.allowRemovals === undefined ? {} : { allowRemovals: options.allowRemovals }),
    events: terminalEvents(io, { held: true }),
  });
  const color = options.format === 'text' && useColor(io);
  io.stdout(render('plan', options.format, plan, { color }));
  if (refusals.length > 0) {
    reportDiagnostics(io, refusals, files);
    throw new SafetyError(
      `The plan is refused by ${refusals.length === 1 ? 'a safety rule' : `${refusals.length} safety rules`}${options.out === undefined ? '' : `; ${options.out} was not written`}.`,
      refusals,
    );
  }
  if (options.out !== undefined) {
    const path = isAbsolute(options.out) ? options.out : join(io.cwd, options.out);
    await writeFileAtomic(path, render('plan', 'json', plan));
    io.stderr(`Saved the plan to ${options.out}\n`);
  }
  const pending = plan.summary.changes > 0 && options.detailedExitcode === true;
  setExit(pending ? EXIT.changes : EXIT.ok);
}
