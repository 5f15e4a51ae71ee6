import { exportSummary, writtenNotes } from '../../render/export-summary.js';
import { render, renderExportFiles } from '../../render/index.js';
import { exportState } from '../../api/export.js';
import { writeExportFiles } from '../../pipeline/export-files.js';
import { apiConnection } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { terminalEvents } from '../progress.js';
import type { ExportCliOptions } from './options.js';

/** The action of `ftrack-roles export`, loaded only when the command runs. */
export async function runExportCommand(
  io: CliIo,
  options: ExportCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const model = await exportState({
    connection: apiConnection(options, io),
    ...(options.users === undefined ? {} : { users: options.users }),
    includeInactive: options.includeInactive === true,
    events: terminalEvents(io),
  });
  if (options.out === undefined) {
    io.stdout(render('export', 'yaml', model));
    io.stderr(exportSummary(model, undefined));
  } else {
    const files = renderExportFiles(model, { split: options.split });
    const written = await writeExportFiles(io.cwd, options.out, files, {
      force: options.force === true,
      partial: options.users !== undefined,
    });
    io.stderr(exportSummary(model, options.out, files.length));
    io.stderr(writtenNotes(options.out, written));
  }
  setExit(EXIT.ok);
}
