import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { buildCatalog, renderCatalogJson } from '../../catalog/index.js';
import { openSession } from '../../session/index.js';
import { connectionFromOptions, readCurrentState, sessionOptions } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { PullCliOptions } from './catalog.js';

/** The action of `ftrack-roles catalog pull`, loaded only when the command runs. */
export async function runCatalogPullCommand(
  io: CliIo,
  options: PullCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const settings = connectionFromOptions(options, io);
  const session = openSession(settings, sessionOptions(options));
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
}

async function writeAtomically(cwd: string, file: string, text: string): Promise<void> {
  const path = isAbsolute(file) ? file : join(cwd, file);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { encoding: 'utf8', mode: 0o644 });
  await rename(temporary, path);
}
