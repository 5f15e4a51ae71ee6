import type { Diagnostic } from '../../diagnostics/index.js';
import type { ParsedDocument } from '../../model/document.js';
import { readConfigFileFast } from './fast-parse.js';
import { diagnoseLargeFile, FULL_READER_MAX_BYTES } from './large-file.js';
import { parseConfigFile } from './parse.js';

/**
 * The YAML readers of the config stage, and the one place that chooses between them.
 *
 * - The fast reader (fast-parse.ts, a compact position store) reads the plain subset that
 *   real access files use, in a fraction of `yaml`'s time and memory: first with a
 *   one-pass scanner (plain-scanner.ts) for the plainest files (what `export` writes),
 *   else with js-yaml and a parse listener. It accepts only documents that the full
 *   reader reads without a diagnostic, to the same data and positions (its tests check
 *   this), and the scanner only those the js-yaml reader accepts.
 * - The full reader (parse.ts: the `yaml` package) reads everything else; its diagnostics
 *   (codes, positions, messages) are the reference. It is not used for files over
 *   FULL_READER_MAX_BYTES (8 MiB), whose syntax tree would take about 90 bytes per byte:
 *   such a file must be in the plain style, else large-file.ts says where it is not.
 *
 * Both are justified by measurements in docs/benchmarks.md.
 */
export function parseConfigText(file: { path: string; text: string; bytes: Uint8Array }): {
  document?: ParsedDocument;
  diagnostics: Diagnostic[];
} {
  const outcome = readConfigFileFast(file);
  if ('document' in outcome) return { document: outcome.document, diagnostics: [] };
  const { declined } = outcome;
  if (declined.kind !== 'nesting' && file.bytes.byteLength > FULL_READER_MAX_BYTES) {
    return { diagnostics: diagnoseLargeFile(file, declined) };
  }
  return parseConfigFile(file);
}
