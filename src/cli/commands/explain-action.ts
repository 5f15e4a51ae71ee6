import { UsageError } from '../../diagnostics/index.js';
import { render } from '../../render/index.js';
import { explain } from '../../api/audit.js';
import { apiConfigInput } from '../connection-options.js';
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
  const input = {
    ...apiConfigInput(io, paths, options),
    events: terminalEvents(io, { held: true }),
  };
  const view = await explain(
    options.user !== undefined
      ? { ...input, user: options.user }
      : { ...input, project: options.project! },
  );
  io.stdout(render('explain', options.format, view));
  setExit(EXIT.ok);
}
