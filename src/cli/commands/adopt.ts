import { Option, type Command } from 'commander';
import { FORMATS } from '../../render/formats.js';
import { addConfigOptions } from '../config-flags.js';
import { addConnectionOptions } from '../connection-flags.js';
import type { CliIo } from '../io.js';
import type { AdoptCliOptions } from './options.js';

// The action's module (the audit pipeline, the YAML editor, the diff) is loaded only when
// `adopt` runs, so other commands and --help start fast.

const EXAMPLES = `
Examples:
  $ ftrack-roles adopt                              # the change to ./access, as a diff
  $ ftrack-roles adopt access/ > adopt.patch        # review it, then: git apply adopt.patch
  $ ftrack-roles adopt access/ --write              # write the files
  $ ftrack-roles adopt --add-undeclared access/users/adopted.yaml --write

For each drifted user declared under users:, the user's roles: entry is set to what the
server holds, in the file that declares them; comments, order and layout stay. The diff
goes to stdout, what is not adopted (and why) to stderr. Left alone, each with a line:
roles that come from groups (groups are never edited), users not declared in the files
(unless --add-undeclared FILE), inactive and unknown users, grants with until:, retired
roles and roles not in the catalogue. Read-only against the server.

Exit status: 0 nothing to adopt, or the files written (--write); 2 changes shown, not
written; 1 error (invalid config, server or network error; nothing written).
`;

/** `ftrack-roles adopt [PATH...]`: the drift written back into the files. */
export function registerAdoptCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('adopt')
    .description(
      "Turn drift into a change of the files: set the drifted users' roles in their users: entries to what the ftrack server holds, keeping comments and layout. Prints a unified diff; writes only with --write.",
    )
    .argument(
      '[paths...]',
      'config files or directories, searched for *.yaml/*.yml (default: access)',
    )
    .option('--write', 'write the changed files (atomically); without it, nothing is written')
    .option(
      '--add-undeclared <file>',
      'add users who hold roles the files own but are not declared, under users: in this config file (created inside a config directory if missing)',
    )
    .addOption(
      new Option('--format <format>', 'output format on stdout (text: the diff)')
        .choices(FORMATS.adopt)
        .default('text'),
    );
  addConfigOptions(addConnectionOptions(command))
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[] | undefined, options: AdoptCliOptions) => {
      const { runAdoptCommand } = await import('./adopt-action.js');
      await runAdoptCommand(io, paths ?? [], options, setExit);
    });
}
