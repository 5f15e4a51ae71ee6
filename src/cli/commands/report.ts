import { InvalidArgumentError, Option, type Command } from 'commander';
import { FORMATS } from '../../render/formats.js';
import { DEFAULT_MANY_USERS } from '../../report/access-review-types.js';
import { addConfigOptions } from '../config-flags.js';
import { addConnectionOptions } from '../connection-flags.js';
import type { CliIo } from '../io.js';
import type { ReportCliOptions } from './options.js';

// The action's module (the audit pipeline, git, the session) is loaded only when `report`
// runs, so other commands and --help start fast.

const EXAMPLES = `
Examples:
  $ ftrack-roles report --out review.json           # the access review of $FTRACK_SERVER
  $ ftrack-roles report access/ --format csv --out review.csv
  $ ftrack-roles report --format json | jq '.summary.exceptions'

For every user and project of the server: who reaches it, with which role, through all
open projects or a named grant, and why (file:line, config group, ftrack group, and the
commit, author and date that last changed the line when the files are in git). Exceptions:
drift, undeclared holders, inactive users with roles, holders of protected roles, grants
ending within expiry_warning_days, protected roles on all open projects, private projects
reached by more than --many-users users. The JSON is documented in docs/report.md.

Exit status: 0 the report was written, 1 error (invalid config, server or network error).
`;

/** A `--many-users` value: a whole number, 0 or more. */
function parseManyUsers(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a whole number of users, 0 or more.');
  }
  return Number(value);
}

/** `ftrack-roles report [PATH...]`: the access review of the server as it is now. */
export function registerReportCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('report')
    .description(
      'Write an access review of the ftrack server as it is now: who can reach every project, with which role, why (file:line, group, git commit), and the exceptions an auditor looks for. Read-only.',
    )
    .argument(
      '[paths...]',
      'config files or directories, searched for *.yaml/*.yml (default: access)',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(FORMATS.accessReview)
        .default('json'),
    )
    .option('--out <file>', 'write the report to this file (atomically) instead of stdout')
    .option(
      '--many-users <n>',
      'flag private projects reached by more than this many users',
      parseManyUsers,
      DEFAULT_MANY_USERS,
    );
  addConfigOptions(addConnectionOptions(command))
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[] | undefined, options: ReportCliOptions) => {
      const { runReportCommand } = await import('./report-action.js');
      await runReportCommand(io, paths ?? [], options, setExit);
    });
}
