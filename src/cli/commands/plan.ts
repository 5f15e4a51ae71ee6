import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { SafetyError } from '../../diagnostics/index.js';
import { renderPlan, renderPlanJson, type PlanFormat } from '../../render/index.js';
import { addConnectionOptions, type ConnectionCliOptions } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import { useColor, type CliIo } from '../io.js';
import { reportDiagnostics, runPlanPipeline } from '../plan-pipeline.js';

const EXAMPLES = `
Examples:
  $ export FTRACK_SERVER=https://studio.ftrackapp.com FTRACK_API_USER=svc-access
  $ export FTRACK_API_KEY=...                   # or --api-key-file FILE
  $ ftrack-roles plan                           # plans ./access
  $ ftrack-roles plan access/ --out plan.json --detailed-exitcode
  $ ftrack-roles plan --format markdown > plan.md   # a pull-request comment

Exit status: 0 success (with --detailed-exitcode: no changes), 1 error (invalid config,
unknown user/role/project, server or network error), 2 changes pending (only with
--detailed-exitcode), 3 refused by a safety rule (removal limit, protected role, lock-out).
`;

interface PlanCliOptions extends ConnectionCliOptions {
  out?: string;
  format: PlanFormat;
  detailedExitcode?: boolean;
  allowRemovals?: number;
}

/** A non-negative integer option value. */
export function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number (0 or more).');
  return Number(value);
}

/** `ftrack-roles plan [PATH...]`: what apply would change, and why. */
export function registerPlanCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('plan')
    .description(
      'Compare the desired state with the ftrack server and show the changes apply would make (roles to assign, modify and remove, with their sources). Read-only: nothing is changed.',
    )
    .argument(
      '[paths...]',
      'config files or directories, searched for *.yaml/*.yml (default: access)',
    )
    .option(
      '--out <file>',
      'also write the plan as JSON to FILE (for apply --plan; never holds the key)',
    )
    .addOption(
      new Option('--format <format>', 'output format on stdout')
        .choices(['text', 'json', 'markdown'])
        .default('text'),
    )
    .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when there are none')
    .option(
      '--allow-removals <n>',
      'accept more removals than settings.max_removals when N is exactly the planned number',
      parseCount,
    );
  addConnectionOptions(command)
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[] | undefined, options: PlanCliOptions) => {
      const result = await runPlanPipeline(io, {
        paths: paths ?? [],
        connection: options,
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
    });
}

/** Writes the plan file atomically (temporary file, then rename). */
async function writePlanFile(cwd: string, file: string, text: string): Promise<void> {
  const path = isAbsolute(file) ? file : join(cwd, file);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { encoding: 'utf8', mode: 0o644 });
  await rename(temporary, path);
}
