import { exportAccess } from '../pipeline/export.js';
import { renderExportFiles, type ExportSplit } from '../render/index.js';
import type { ExportModel, ExportedFile } from '../report/index.js';
import { sessionOpener } from './open.js';
import type { Connection, ProgressEvents } from './options.js';

/**
 * `export`: the server's assignments as a model (read-only). `exportFiles` turns it into
 * the YAML files `export --out DIR` writes.
 */
export async function exportState(options: {
  connection: Connection;
  /** Only the users whose username matches this glob (`--users`); no `!` negation. */
  users?: string;
  /** Include inactive users (`--include-inactive`). */
  includeInactive?: boolean;
  events?: ProgressEvents;
}): Promise<ExportModel> {
  return exportAccess(
    {
      connect: sessionOpener(options.connection),
      ...(options.users === undefined ? {} : { users: options.users }),
      includeInactive: options.includeInactive === true,
    },
    options.events,
  );
}

/**
 * The YAML files of an export, as `export --out DIR --split S` writes them: paths relative
 * to the folder. Writing them is the caller's.
 */
export function exportFiles(
  model: ExportModel,
  options: { split?: ExportSplit } = {},
): ExportedFile[] {
  return renderExportFiles(model, options.split === undefined ? {} : { split: options.split });
}
