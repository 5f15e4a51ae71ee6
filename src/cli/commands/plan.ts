import { InvalidArgumentError, Option, type Command } from 'commander';
import { FORMATS } from '../../render/formats.js';
import { addConfigOptions } from '../config-flags.js';
import { addConnectionOptions } from '../connection-flags.js';
import type { CliIo } from '../io.js';
import type { PlanCliOptions } from './options.js';

// The action's module (the plan pipeline, the session, rendering) is loaded only when
// `plan` runs, so other commands and --help start fast.

const EXAMPLES = `
Examples:
  $ export FTRACK_SERVER=https://studio.ftrackapp.com FTRACK_API_USER=svc-access
  $ export FTRACK_API_KEY=...                   # or --api-key-file FILE
  $ ftrack-roles plan                           # plans ./access
  $ ftrack-roles plan access/ --out plan.json --detailed-exitcode
  $ ftrack-roles plan --format markdown > plan.md   # a pull-request comment (also on failure)
  $ ftrack-roles plan --format github           # annotations and the plan in a GitHub Actions log
  $ ftrack-roles plan --format codequality > gl-code-quality-report.json   # GitLab merge requests

Exit status: 0 success (with --detailed-exitcode: no changes), 1 error (invalid config,
unknown user/role/project, server or network error), 2 changes pending (only with
--detailed-exitcode), 3 refused by a safety rule (removal limit, protected role, lock-out).
`;

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
        .choices(FORMATS.plan)
        .default('text'),
    )
    .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when there are none')
    .option(
      '--allow-removals <n>',
      'accept more removals than settings.max_removals when N is exactly the planned number',
      parseCount,
    );
  addConfigOptions(addConnectionOptions(command))
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[] | undefined, options: PlanCliOptions) => {
      const { runPlanCommand } = await import('./plan-action.js');
      await runPlanCommand(io, paths ?? [], options, setExit);
    });
}
