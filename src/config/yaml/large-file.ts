import { FAILSAFE_SCHEMA, load, YAMLException } from 'js-yaml';
import type { Diagnostic } from '../../diagnostics/index.js';
import { positionInText } from '../decode.js';
import type { FastDecline } from './fast-parse.js';
import { MIB } from '../read.js';

/**
 * The largest file the `yaml` path reads (8 MiB). Its syntax tree takes some 90 bytes of
 * memory per byte of file (a 10 MB file: about 1 GB, 25 s), so a larger file is read only
 * by the fast path: it must be in the plain style that `export` writes. When it is not,
 * the first syntax error, or the first place outside that style, is reported instead.
 */
export const FULL_READER_MAX_BYTES = 8 * MIB;

const LIMIT = `${FULL_READER_MAX_BYTES / MIB} MiB`;

/**
 * The diagnostics of a file over FULL_READER_MAX_BYTES that the fast path declined: a YAML
 * syntax error as js-yaml reports it (FR101, or FR102 for a duplicate key), else FR007 at
 * the first place outside the plain style.
 */
export function diagnoseLargeFile(
  file: { path: string; text: string },
  declined: FastDecline,
): Diagnostic[] {
  const syntax =
    declined.syntax ?? (declined.kind === 'text' ? findSyntaxError(file.text) : undefined);
  if (syntax !== undefined && !/^unknown tag/.test(syntax.reason)) {
    const source = positionInText(file.text, syntax.offset, file.path);
    const detail = `a file over ${LIMIT} is read by the fast reader only, which stops at the first error`;
    if (syntax.reason === 'duplicated mapping key') {
      const key = keyAt(file.text, syntax.offset);
      return [
        {
          severity: 'error',
          code: 'FR102',
          summary: `duplicate key${key === '' ? '' : ` '${key}'`}`,
          detail,
          hint: 'merge the two entries into one, or rename one of them',
          source,
        },
      ];
    }
    return [
      {
        severity: 'error',
        code: 'FR101',
        summary: `YAML syntax: ${syntax.reason}`,
        detail,
        hint: 'fix the YAML syntax at this position',
        source,
      },
    ];
  }
  // js-yaml refuses an unknown tag at the end of its value: point at the tag itself.
  const offset = syntax === undefined ? declined.offset : tagStart(file.text, syntax.offset);
  return [
    {
      severity: 'error',
      code: 'FR007',
      summary: `a file over ${LIMIT} must be plain YAML, and this is not`,
      detail:
        'plain YAML: block mappings and lists, flow lists and mappings on one line, one-line plain or quoted values without escapes; no anchors, aliases, tags, block scalars, empty values, tabs or document markers',
      hint: `write this value plainly (as export does), or split the file into files under ${LIMIT}`,
      source: positionInText(file.text, offset, file.path),
    },
  ];
}

/** js-yaml's syntax error in a text, if any (the fast path declined it before parsing). */
function findSyntaxError(text: string): { reason: string; offset: number } | undefined {
  try {
    load(text, { schema: FAILSAFE_SCHEMA });
    return undefined;
  } catch (error) {
    if (!(error instanceof YAMLException)) return undefined;
    const mark = error.mark as { position?: number } | undefined;
    return { reason: error.reason, offset: mark?.position ?? 0 };
  }
}

/** The start of the tag (`!`) before an offset on its line, else the offset. */
function tagStart(text: string, offset: number): number {
  const bang = text.lastIndexOf('!', offset);
  const newline = text.lastIndexOf('\n', offset - 1);
  return bang > newline ? bang : offset;
}

/** The key written at an offset (up to its `:`), for the message of a duplicate key. */
function keyAt(text: string, offset: number): string {
  const end = text.indexOf('\n', offset);
  const line = text.slice(offset, end < 0 ? text.length : end);
  const colon = line.search(/:(?:\s|$)/);
  return (colon < 0 ? '' : line.slice(0, colon)).trim().replace(/^(['"])(.*)\1$/, '$2');
}
