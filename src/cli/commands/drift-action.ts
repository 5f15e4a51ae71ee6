import { drift } from '../../api/audit.js';
import { render } from '../../render/index.js';
import { apiConfigInput } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { terminalEvents } from '../progress.js';
import type { DriftCliOptions } from './options.js';

/** The action of `ftrack-roles drift`, loaded only when the command runs. */
export async function runDriftCommand(
  io: CliIo,
  paths: string[],
  options: DriftCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const report = await drift({
    ...apiConfigInput(io, paths, options),
    events: terminalEvents(io, { held: true }),
  });
  io.stdout(render('drift', options.format, report));
  setExit(report.in_sync ? EXIT.ok : EXIT.changes);
}
