import { Option, type Command } from 'commander';
import { FORMATS } from '../../render/formats.js';
import { addConfigOptions } from '../config-flags.js';
import type { CliIo } from '../io.js';
import type { ValidateCliOptions } from './options.js';

// The action's module (config loading, the schema, the rules) is loaded only when
// `validate` runs, so other commands and --help start fast.

const EXAMPLES = `
Examples:
  $ ftrack-roles validate                        # checks ./access
  $ ftrack-roles validate access/ extra.yaml --format github
  $ ftrack-roles validate --catalog catalog.json # also checks names, offline (catalog pull)

Exit status: 0 when the config is valid (warnings allowed), 1 on any error.
`;

/** `ftrack-roles validate [PATH...]`: schema and rules, offline; every problem at once. */
export function registerValidateCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('validate')
    .description(
      'Check desired-state files offline (YAML syntax, the JSON Schema and the semantic rules) and report every problem with file:line:col, a code and a fix hint. No server is contacted.',
    )
    .argument(
      '[paths...]',
      'config files or directories, searched for *.yaml/*.yml (default: access)',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(FORMATS.diagnostics).default('text'),
    )
    .option(
      '--catalog <file>',
      'also check users, roles, projects and ftrack groups against a catalogue file (ftrack-roles catalog pull), without a server',
    );
  addConfigOptions(command)
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[] | undefined, options: ValidateCliOptions) => {
      const { runValidateCommand } = await import('./validate-action.js');
      await runValidateCommand(io, paths ?? [], options, setExit);
    });
}
