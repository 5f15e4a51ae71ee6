import type { Command } from 'commander';
import { addConnectionOptions } from '../connection-flags.js';
import type { CliIo } from '../io.js';
import type { PullCliOptions } from './options.js';

// The action's module (the session, the catalogue) is loaded only when `catalog pull`
// runs, so other commands and --help start fast.

const EXAMPLES = `
Examples:
  $ ftrack-roles catalog pull --out access/catalog.json     # with the API key, e.g. nightly
  $ ftrack-roles validate access/ --catalog access/catalog.json   # in CI, without any key

The catalogue holds names and flags only: users (active or not), security roles (with
their type), projects (private or not) and ftrack groups (parent and members). No key,
no ids, no role assignments.

Exit status: 0 success, 1 error (server or network error, the file cannot be written).
`;

/** `ftrack-roles catalog pull [--out FILE]`: the server's names for offline validation. */
export function registerCatalogCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const catalog = program
    .command('catalog')
    .description(
      'Work with the offline catalogue: the non-secret names of an ftrack server, for `validate --catalog FILE` in jobs that must not hold the API key.',
    );
  const pull = catalog
    .command('pull')
    .description(
      'Read the names of users, security roles, projects and ftrack groups from the server and write them as a catalogue file (JSON, schema/catalog.v1.schema.json). Read-only on the server.',
    )
    .option('--out <file>', 'write the catalogue to FILE (default: stdout)');
  addConnectionOptions(pull)
    .addHelpText('after', EXAMPLES)
    .action(async (options: PullCliOptions) => {
      const { runCatalogPullCommand } = await import('./catalog-action.js');
      await runCatalogPullCommand(io, options, setExit);
    });
  for (const command of [catalog, pull]) {
    command.configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).exitOverride();
  }
}
