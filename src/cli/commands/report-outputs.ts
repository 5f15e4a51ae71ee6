import { extname, resolve } from 'node:path';
import { UsageError } from '../../diagnostics/index.js';
import { FORMATS, type AccessReviewFormat } from '../../render/formats.js';
import type { ReportCliOptions } from './options.js';

/** Where one view of the review goes: a file, or stdout (no path). */
export interface ReportOutput {
  format: AccessReviewFormat;
  path?: string;
}

/** The extensions `--out` takes, one per format of the review (`.json`, `.csv`, …). */
export function outExtensions(): string {
  return FORMATS.accessReview.map((format) => `.${format}`).join(', ');
}

/**
 * The outputs of `report`, checked before anything is read: stdout in `--format` (default
 * json); one `--out` in `--format`, or else in the format its extension names; several
 * `--out`, each in the format its extension names (`--format` must then agree with each).
 */
export function reportOutputs(
  options: Pick<ReportCliOptions, 'format' | 'out'>,
  cwd: string,
): ReportOutput[] {
  const outs = options.out ?? [];
  if (outs.length === 0) return [{ format: options.format ?? 'json' }];
  if (outs.length === 1 && options.format !== undefined) {
    return [{ format: options.format, path: outs[0]! }];
  }
  const seen = new Set<string>();
  return outs.map((path) => {
    const full = resolve(cwd, path);
    if (seen.has(full)) throw new UsageError(`--out ${path} is given twice.`);
    seen.add(full);
    const format = formatOf(path);
    if (format === undefined) {
      const ext = extname(path);
      const alone = outs.length === 1 ? ', or give --format' : '';
      throw new UsageError(
        `--out ${path}: ${ext === '' ? 'no extension' : `the extension ${ext}`} names no format of the report; name the file ${outExtensions()}${alone}.`,
      );
    }
    if (options.format !== undefined && options.format !== format) {
      throw new UsageError(
        `--format ${options.format} does not match --out ${path} (${format}): with several --out files each is written in the format of its extension; drop --format.`,
      );
    }
    return { format, path };
  });
}

function formatOf(path: string): AccessReviewFormat | undefined {
  const ext = extname(path).toLowerCase();
  return FORMATS.accessReview.find((format) => ext === `.${format}`);
}
