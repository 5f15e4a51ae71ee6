import { loadConfig } from '../../config/load.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../../diagnostics/index.js';
import { renderDiagnostics, type DiagnosticsFormat } from '../../render/diagnostics.js';
import { EXIT } from '../exit-codes.js';
import { useColor, type CliIo } from '../io.js';
import type { ValidateCliOptions } from './validate.js';

/** The action of `ftrack-roles validate`, loaded only when the command runs. */
export async function runValidateCommand(
  io: CliIo,
  paths: string[],
  options: ValidateCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const now = io.now();
  const loaded = await loadConfig(paths, { cwd: io.cwd, now, maxFileBytes: options.maxFileSize });
  const diagnostics = [...loaded.diagnostics];
  if (options.catalog !== undefined) {
    // Loaded only with --catalog: the catalogue's reader compiles its schema with ajv.
    const { checkWithCatalog, readCatalogFile } = await import('../../catalog/index.js');
    const read = await readCatalogFile(options.catalog, io.cwd);
    if ('diagnostic' in read) diagnostics.push(read.diagnostic);
    else if (loaded.desired !== undefined) {
      diagnostics.push(...checkWithCatalog(loaded.desired, read.catalog, now));
    }
  }
  report(io, options.format, sortDiagnostics(diagnostics), loaded.files);
  setExit(hasErrors(diagnostics) ? EXIT.error : EXIT.ok);
}

function report(
  io: CliIo,
  format: DiagnosticsFormat,
  diagnostics: Diagnostic[],
  files: string[],
): void {
  const output = renderDiagnostics(format, diagnostics, {
    files,
    color: format === 'text' && useColor(io, 'stderr'),
  });
  if (format === 'text') io.stderr(output);
  else io.stdout(output);
}
