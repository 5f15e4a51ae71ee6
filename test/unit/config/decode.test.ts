import { describe, expect, it } from 'vitest';
import { decodeConfigText, positionInText } from '../../../src/config/decode.js';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)),
  );

describe('decodeConfigText', () => {
  it('decodes UTF-8 and drops a BOM', () => {
    expect(decodeConfigText(bytes([0xef, 0xbb, 0xbf], 'a: é\n'), 'f')).toEqual({ text: 'a: é\n' });
  });

  it('refuses NUL bytes at their position', () => {
    const result = decodeConfigText(bytes('a: 1\nbc', [0, 1]), 'f.yaml');
    expect(result).toMatchObject({ diagnostic: { code: 'FR004', source: { line: 2, col: 3 } } });
  });

  it('refuses invalid UTF-8 at the first bad byte', () => {
    const result = decodeConfigText(bytes('a: 1\nb: caf', [0xe9], '\n'), 'f.yaml');
    expect(result).toMatchObject({ diagnostic: { code: 'FR005', source: { line: 2, col: 7 } } });
  });

  it('computes 1-based positions', () => {
    expect(positionInText('ab\ncd', 4, 'f')).toEqual({ file: 'f', line: 2, col: 2 });
    expect(positionInText('', 0, 'f')).toEqual({ file: 'f', line: 1, col: 1 });
  });
});
