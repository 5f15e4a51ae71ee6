import { UsageError } from '../../diagnostics/index.js';
import { render } from '../../render/index.js';
import { explainAccess } from '../../pipeline/audit.js';
import { configInput } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { terminalEvents } from '../progress.js';
import type { ExplainCliOptions } from './options.js';

/** The action of `ftrack-roles explain`, loaded only when the command runs. */
export async function runExplainCommand(
  io: CliIo,
  paths: string[],
  options: ExplainCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  if ((options.user === undefined) === (options.project === undefined)) {
    throw new UsageError('explain needs exactly one of --user NAME or --project NAME.');
  }
  const view = await explainAccess(
    configInput(io, paths, options),
    options.user !== undefined ? { user: options.user } : { project: options.project! },
    terminalEvents(io, { held: true }),
  );
  io.stdout(render('explain', options.format, view));
  setExit(EXIT.ok);
}
