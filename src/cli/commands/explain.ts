import { Option, type Command } from 'commander';
import { FORMATS } from '../../render/formats.js';
import { addConfigOptions } from '../config-flags.js';
import { addConnectionOptions } from '../connection-flags.js';
import type { CliIo } from '../io.js';
import type { ExplainCliOptions } from './options.js';

// The action's module (the audit pipeline, the session, the explanation) is loaded only
// when `explain` runs, so other commands and --help start fast.

const EXAMPLES = `
Examples:
  $ ftrack-roles explain --user ana             # ana's roles: desired (with sources) vs the server
  $ ftrack-roles explain access/ --project falcon
  $ ftrack-roles explain --project nebula --format json

Marks: = in sync, + desired but missing on the server, - on the server but not desired,
~ no effect (all open projects covers it), * held by a user who is not managed,
? a project or glob the server does not have.

Exit status: 0 success, 1 error (invalid config, unknown user or project, server or network error).
`;

/** `ftrack-roles explain [PATH...] (--user NAME | --project NAME)`: who has what, and why. */
export function registerExplainCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('explain')
    .description(
      "Explain access: a user's roles (each grant with the file:line:col and group asking for it, next to what the server holds), or everyone who can reach a project (all-open holders when it is open, explicit grants always), desired and current. Read-only.",
    )
    .argument(
      '[paths...]',
      'config files or directories, searched for *.yaml/*.yml (default: access)',
    )
    .option('--user <name>', 'explain one user (a username)')
    .option('--project <name>', 'explain who can reach one project (a project name)')
    .addOption(
      new Option('--format <format>', 'output format on stdout')
        .choices(FORMATS.explain)
        .default('text'),
    );
  addConfigOptions(addConnectionOptions(command))
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[] | undefined, options: ExplainCliOptions) => {
      const { runExplainCommand } = await import('./explain-action.js');
      await runExplainCommand(io, paths ?? [], options, setExit);
    });
}
