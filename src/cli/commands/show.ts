import { Option, type Command } from 'commander';
import { SHOW_FORMATS } from '../../render/formats.js';
import type { CliIo } from '../io.js';
import type { ShowCliOptions } from './options.js';

// The action's module (the plan file reader, rendering) is loaded only when `show` runs,
// so other commands and --help start fast.

const EXAMPLES = `
Examples:
  $ ftrack-roles plan access/ --out plan.json       # on the pull request
  $ ftrack-roles show plan.json                     # later, anywhere: no server, no key
  $ ftrack-roles show plan.json --format markdown > plan.md
  $ ftrack-roles show plan.json --detailed-exitcode  # exit 2: the plan has changes

The output is exactly what \`plan\` printed on stdout for that plan, in the same format.
Nothing is contacted: show takes no connection options and reads no FTRACK_* variable.

Exit status: 0 success (with --detailed-exitcode: no changes), 1 the file cannot be read,
is not a plan file or was edited, 2 changes pending (only with --detailed-exitcode).
`;

/** `ftrack-roles show FILE`: a saved plan rendered offline, like `terraform show`. */
export function registerShowCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  program
    .command('show')
    .description(
      'Show a saved plan (plan --out FILE) as text, Markdown or JSON, offline: exactly what plan printed. The file is read and checked by the reader of apply --plan; no server is contacted.',
    )
    .argument('<file>', 'a plan file written by `ftrack-roles plan --out FILE`')
    .addOption(
      new Option('--format <format>', 'output format on stdout')
        .choices(SHOW_FORMATS)
        .default('text'),
    )
    .option('--detailed-exitcode', 'exit 2 when the plan has changes, 0 when it has none')
    .addHelpText('after', EXAMPLES)
    .action(async (file: string, options: ShowCliOptions) => {
      const { runShowCommand } = await import('./show-action.js');
      await runShowCommand(io, file, options, setExit);
    });
}
