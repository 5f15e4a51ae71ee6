import type { Diagnostic } from '../diagnostics/index.js';
import type { SourceRef } from '../model/index.js';

/**
 * Decodes the bytes of a config file as UTF-8 (a leading BOM is dropped). Files with NUL
 * bytes (binary files, UTF-16) or invalid UTF-8 are refused with the position of the
 * first offending byte.
 */
export function decodeConfigText(
  bytes: Uint8Array,
  file: string,
): { text: string } | { diagnostic: Diagnostic } {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      diagnostic: {
        severity: 'error',
        code: 'FR004',
        summary: 'file is not text: it contains NUL bytes (binary data or UTF-16)',
        hint: 'desired-state files are UTF-8 YAML; remove the file or save it as UTF-8',
        source: positionOfByte(bytes, nul, file),
      },
    };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const index = Math.max(0, lenient.indexOf('\uFFFD'));
    return {
      diagnostic: {
        severity: 'error',
        code: 'FR005',
        summary: 'file is not valid UTF-8',
        hint: 'save the file as UTF-8',
        source: positionInText(lenient, index, file),
      },
    };
  }
}

function positionOfByte(bytes: Uint8Array, offset: number, file: string): SourceRef {
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
  return positionInText(before, before.length, file);
}

/** The 1-based line and column of a string index (columns count UTF-16 code units). */
export function positionInText(text: string, index: number, file: string): SourceRef {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { file, line, col: index - lineStart + 1 };
}
