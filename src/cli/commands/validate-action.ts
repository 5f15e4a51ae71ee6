import { hasErrors } from '../../diagnostics/index.js';
import { validateReport } from '../../api/validate.js';
import { render } from '../../render/index.js';
import { EXIT } from '../exit-codes.js';
import { useColor, type CliIo } from '../io.js';
import type { ValidateCliOptions } from './options.js';

/** The action of `ftrack-roles validate`, loaded only when the command runs. */
export async function runValidateCommand(
  io: CliIo,
  paths: string[],
  options: ValidateCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const report = await validateReport({
    paths,
    cwd: io.cwd,
    now: io.now,
    ...(options.maxFileSize === undefined ? {} : { maxFileBytes: options.maxFileSize }),
    ...(options.catalog === undefined ? {} : { catalog: options.catalog }),
  });
  const format = options.format;
  const output = render('diagnostics', format, report, {
    color: format === 'text' && useColor(io, 'stderr'),
  });
  if (format === 'text') io.stderr(output);
  else io.stdout(output);
  setExit(hasErrors(report.diagnostics) ? EXIT.error : EXIT.ok);
}
