import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { Command } from 'commander';
import { buildCatalog, renderCatalogJson } from '../../catalog/index.js';
import { openSession } from '../../session/index.js';
import {
  addConnectionOptions,
  connectionFromOptions,
  readCurrentState,
  type ConnectionCliOptions,
} from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';

const EXAMPLES = `
Examples:
  $ ftrack-roles catalog pull --out access/catalog.json     # with the API key, e.g. nightly
  $ ftrack-roles validate access/ --catalog access/catalog.json   # in CI, without any key

The catalogue holds names and flags only: users (active or not), security roles (with
their type), projects (private or not) and ftrack groups (parent and members). No key,
no ids, no role assignments.

Exit status: 0 success, 1 error (server or network error, the file cannot be written).
`;

interface PullCliOptions extends ConnectionCliOptions {
  out?: string;
}

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
      const settings = connectionFromOptions(options, io);
      const session = openSession(settings);
      try {
        const current = await readCurrentState(io, session, { groups: true });
        const value = buildCatalog(current, io.now());
        const text = renderCatalogJson(value);
        if (options.out === undefined) io.stdout(text);
        else {
          await writeAtomically(io.cwd, options.out, text);
          io.stderr(
            `Saved the catalogue of ${value.users.length} users, ${value.roles.length} roles, ${value.projects.length} projects and ${value.groups.length} ftrack groups to ${options.out}\n`,
          );
        }
        setExit(EXIT.ok);
      } finally {
        await session.close();
      }
    });
  for (const command of [catalog, pull]) {
    command.configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).exitOverride();
  }
}

async function writeAtomically(cwd: string, file: string, text: string): Promise<void> {
  const path = isAbsolute(file) ? file : join(cwd, file);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { encoding: 'utf8', mode: 0o644 });
  await rename(temporary, path);
}
