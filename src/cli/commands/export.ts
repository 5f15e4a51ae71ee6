import { Option, type Command } from 'commander';
import { DEFAULT_EXPORT_SPLIT, EXPORT_SPLITS } from '../../render/export-split.js';
import { addConnectionOptions } from '../connection-flags.js';
import type { CliIo } from '../io.js';
import type { ExportCliOptions } from './options.js';

// The action's module (the session, the export model and its files) is loaded only when
// `export` runs, so other commands and --help start fast.

const EXAMPLES = `
Examples:
  $ ftrack-roles export --out access/           # settings.yaml, roles.yaml, users/a.yaml …
  $ ftrack-roles export --out access/ --split none   # all users in access/users.yaml
  $ ftrack-roles export --users 'a*' > ana.yaml # one file on stdout
  $ ftrack-roles export --out access/ && ftrack-roles plan access/   # "No changes."

The files hold no key. Left out, and listed in a comment (with manage: declared they are
not managed): inactive users (unless --include-inactive) and users whose roles the
format cannot express (an API role, an ASSIGNED role on a private project).

--split by-letter (default) writes the users in users/a.yaml ... users/z.yaml by the first
letter of the username (users/0-9.yaml, users/other.yaml; a letter with more than 4,000
users in users/a-1.yaml, users/a-2.yaml, ...). With --force, files of an earlier export
that this one does not write (they start with its header) are removed, so plan never sees
a user twice; other files are never removed.

Exit status: 0 success, 1 error (server or network error, files exist without --force).
`;

/** `ftrack-roles export [--out DIR]`: the server's assignments as a config. */
export function registerExportCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('export')
    .description(
      "Write the server's current role assignments as canonical desired-state YAML (format 1), so that plan on the exported files reports no change: the starting point for adopting ftrack-roles. Read-only on the server.",
    )
    .option(
      '--out <dir>',
      'write settings.yaml, roles.yaml and the users files to DIR (default: one document on stdout)',
    )
    .addOption(
      new Option(
        '--split <layout>',
        'how --out lays out the users: in files by first letter, or one users.yaml',
      )
        .choices(EXPORT_SPLITS)
        .default(DEFAULT_EXPORT_SPLIT),
    )
    .option('--users <glob>', 'export only the users whose username matches GLOB')
    .option('--include-inactive', 'also export inactive users (default: left out, so unmanaged)')
    .option(
      '--force',
      'overwrite files that already exist in --out DIR, and remove the files of an earlier export that this one does not write',
    );
  addConnectionOptions(command)
    .addHelpText('after', EXAMPLES)
    .action(async (options: ExportCliOptions) => {
      const { runExportCommand } = await import('./export-action.js');
      await runExportCommand(io, options, setExit);
    });
}
