import { adoptDrift } from '../../pipeline/adopt.js';
import { renderAdoptNotes } from '../../render/adopt-text.js';
import { render } from '../../render/index.js';
import { connector } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { terminalEvents } from '../progress.js';
import type { AdoptCliOptions } from './options.js';

/** The action of `ftrack-roles adopt`, loaded only when the command runs. */
export async function runAdoptCommand(
  io: CliIo,
  paths: string[],
  options: AdoptCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const report = await adoptDrift(
    {
      paths,
      cwd: io.cwd,
      now: io.now,
      connect: connector(options, io),
      ...(options.maxFileSize === undefined ? {} : { maxFileBytes: options.maxFileSize }),
    },
    {
      write: options.write === true,
      ...(options.addUndeclared === undefined ? {} : { addUndeclared: options.addUndeclared }),
    },
    terminalEvents(io, { held: true }),
  );
  io.stdout(render('adopt', options.format, report));
  if (options.format === 'text') io.stderr(renderAdoptNotes(report));
  const pending = report.summary.changes > 0 && !report.written;
  setExit(pending ? EXIT.changes : EXIT.ok);
}
