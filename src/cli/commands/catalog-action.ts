import { isAbsolute, join } from 'node:path';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { pullCatalog } from '../../pipeline/catalog.js';
import { render } from '../../render/index.js';
import { connector } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { terminalEvents } from '../progress.js';
import type { PullCliOptions } from './options.js';
import { plural } from '../../model/index.js';

/** The action of `ftrack-roles catalog pull`, loaded only when the command runs. */
export async function runCatalogPullCommand(
  io: CliIo,
  options: PullCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const value = await pullCatalog(
    { connect: connector(options, io), now: io.now },
    terminalEvents(io),
  );
  const text = render('catalog', 'json', value);
  if (options.out === undefined) io.stdout(text);
  else {
    await writeFileAtomic(isAbsolute(options.out) ? options.out : join(io.cwd, options.out), text);
    io.stderr(
      `Saved the catalogue of ${plural(value.users.length, 'user')}, ${plural(value.roles.length, 'role')}, ${plural(value.projects.length, 'project')} and ${plural(value.groups.length, 'ftrack group')} to ${options.out}\n`,
    );
  }
  setExit(EXIT.ok);
}
