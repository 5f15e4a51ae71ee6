import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { SafetyError } from '../../diagnostics/index.js';
import { renderPlan, renderPlanJson } from '../../render/index.js';
import { EXIT } from '../exit-codes.js';
import { useColor, type CliIo } from '../io.js';
import { reportDiagnostics, runPlanPipeline } from '../plan-pipeline.js';
import type { PlanCliOptions } from './plan.js';

/** The action of `ftrack-roles plan`, loaded only when the command runs. */
export async function runPlanCommand(
  io: CliIo,
  paths: string[],
  options: PlanCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const result = await runPlanPipeline(io, {
    paths,
    connection: options,
    maxFileBytes: options.maxFileSize,
    ...(options.allowRemovals === undefined ? {} : { allowRemovals: options.allowRemovals }),
  });
  await result.session.close();
  const { plan, refusals } = result;
  const color = options.format === 'text' && useColor(io);
  io.stdout(renderPlan(plan, options.format, { color }));
  if (refusals.length > 0) {
    reportDiagnostics(io, refusals, result.files);
    throw new SafetyError(
      `The plan is refused by ${refusals.length === 1 ? 'a safety rule' : `${refusals.length} safety rules`}${options.out === undefined ? '' : `; ${options.out} was not written`}.`,
      refusals,
    );
  }
  if (options.out !== undefined) {
    await writePlanFile(io.cwd, options.out, renderPlanJson(plan));
    io.stderr(`Saved the plan to ${options.out}\n`);
  }
  const pending = plan.summary.changes > 0 && options.detailedExitcode === true;
  setExit(pending ? EXIT.changes : EXIT.ok);
}

/** Writes the plan file atomically (temporary file, then rename). */
async function writePlanFile(cwd: string, file: string, text: string): Promise<void> {
  const path = isAbsolute(file) ? file : join(cwd, file);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { encoding: 'utf8', mode: 0o644 });
  await rename(temporary, path);
}
