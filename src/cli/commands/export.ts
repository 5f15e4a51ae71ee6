import type { Command } from 'commander';
import { addConnectionOptions, type ConnectionCliOptions } from '../connection-flags.js';
import type { CliIo } from '../io.js';

// The action's module (the session, the export model and its files) is loaded only when
// `export` runs, so other commands and --help start fast.

const EXAMPLES = `
Examples:
  $ ftrack-roles export --out access/           # settings.yaml, roles.yaml, users.yaml
  $ ftrack-roles export --users 'a*' > ana.yaml # one file on stdout
  $ ftrack-roles export --out access/ && ftrack-roles plan access/   # "No changes."

The files hold no key. Left out, and listed in a comment (with manage: declared they are
not managed): inactive users (unless --include-inactive) and users whose roles the
format cannot express (an API role, an ASSIGNED role on a private project).

Exit status: 0 success, 1 error (server or network error, files exist without --force).
`;

export interface ExportCliOptions extends ConnectionCliOptions {
  out?: string;
  users?: string;
  includeInactive?: boolean;
  force?: boolean;
}

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
      'write settings.yaml, roles.yaml and users.yaml to DIR (default: one document on stdout)',
    )
    .option('--users <glob>', 'export only the users whose username matches GLOB')
    .option('--include-inactive', 'also export inactive users (default: left out, so unmanaged)')
    .option('--force', 'overwrite files that already exist in --out DIR');
  addConnectionOptions(command)
    .addHelpText('after', EXAMPLES)
    .action(async (options: ExportCliOptions) => {
      const { runExportCommand } = await import('./export-action.js');
      await runExportCommand(io, options, setExit);
    });
}
