import { describe, expect, it } from 'vitest';
import { readConfigFileFast } from '../../../src/config/yaml/fast-parse.js';
import { diagnoseLargeFile, FULL_READER_MAX_BYTES } from '../../../src/config/yaml/large-file.js';
import { checkConfigTexts } from '../../../src/config/check.js';
import { brief, fileTexts, yaml } from './helpers.js';

/** What a file over FULL_READER_MAX_BYTES with this text would be told. */
function diagnose(text: string) {
  const file = { path: 'f.yaml', text };
  const outcome = readConfigFileFast(file);
  if ('document' in outcome) throw new Error('the fast path read it');
  return diagnoseLargeFile(file, outcome.declined).map((d) => ({
    at: brief([d])[0],
    summary: d.summary,
  }));
}

const USER = ['version: 1', 'users:', '  ana:', '    roles:'];

describe('diagnoseLargeFile', () => {
  it('reports a syntax error where js-yaml finds it (FR101)', () => {
    expect(diagnose(yaml(...USER, '      User: [alpha, beta'))).toEqual([
      {
        at: 'f.yaml:6:1 error FR101',
        summary: 'YAML syntax: unexpected end of the stream within a flow collection',
      },
    ]);
    expect(diagnose(yaml(...USER, '\tUser: all-open'))).toEqual([
      {
        at: 'f.yaml:5:1 error FR101',
        summary: 'YAML syntax: tab characters must not be used in indentation',
      },
    ]);
  });

  it('reports a duplicate key with its name (FR102)', () => {
    const text = yaml(...USER, '      User: all-open', "  'ana':", '    roles: {}');
    expect(diagnose(text)).toEqual([
      { at: 'f.yaml:6:3 error FR102', summary: "duplicate key 'ana'" },
    ]);
  });

  it('reports the first place outside the plain style (FR007)', () => {
    const at = (text: string) => diagnose(text).map((d) => d.at);
    expect(at(yaml(...USER, '      User: &shows [alpha]'))).toEqual(['f.yaml:5:13 error FR007']);
    expect(at(yaml(...USER, '      User: [alpha,', '        beta]'))).toEqual([
      'f.yaml:5:13 error FR007',
    ]);
    // An empty value: at the key's colon, not at the next line.
    expect(at(yaml(...USER, '      User:', '  bo:', '    roles: {}'))).toEqual([
      'f.yaml:5:11 error FR007',
    ]);
    expect(at(yaml(...USER, '      User: !tag all-open'))).toEqual(['f.yaml:5:13 error FR007']);
    // An alias bomb: refused at its first anchor, nothing expanded.
    const bomb = ['a: &a [x, x, x]', 'b: &b [*a, *a, *a]', 'c: &c [*b, *b, *b]', 'd: [*c, *c]'];
    expect(at(yaml(...bomb))).toEqual(['f.yaml:1:4 error FR007']);
    expect(at(yaml('# a\tcomment', ...USER, '      User: all-open'))).toEqual([
      'f.yaml:1:4 error FR007',
    ]);
    expect(diagnose(yaml(...USER, '      User: |', '        all-open'))[0]!.summary).toBe(
      'a file over 8 MiB must be plain YAML, and this is not',
    );
  });

  it('counts positions in a CRLF file as written', () => {
    const text = yaml(...USER, '      User: [alpha, beta').replaceAll('\n', '\r\n');
    expect(diagnose(text).map((d) => d.at)).toEqual(['f.yaml:6:1 error FR101']);
    const anchor = yaml(...USER, '      User: &s [alpha]').replaceAll('\n', '\r\n');
    expect(diagnose(anchor).map((d) => d.at)).toEqual(['f.yaml:5:13 error FR007']);
  });
});

describe('a file over the full reader limit', () => {
  /** About FULL_READER_MAX_BYTES + 100 KB of plain users, then `tail`. */
  function largeConfig(tail: string[]): string {
    const user = (i: number) =>
      `  user-${i}:\n    roles:\n      User: all-open\n      Lead: [show-1, show-2]\n`;
    const lines: string[] = ['version: 1\nusers:\n'];
    let size = 0;
    for (let i = 0; size < FULL_READER_MAX_BYTES + 100_000; i++) {
      lines.push(user(i));
      size += lines.at(-1)!.length;
    }
    return lines.join('') + yaml(...tail);
  }

  it('is read by the fast path when plain, and is told its first problem otherwise', () => {
    const plain = largeConfig(['  last:', '    roles: { User: [show-3] }']);
    const read = checkConfigTexts(fileTexts({ 'big.yaml': plain }));
    expect(read.diagnostics).toEqual([]);
    expect(Object.keys(read.documents![0]!.data.users!).length).toBeGreaterThan(100_000);

    // The error near the top: js-yaml stops there, and the file is not read by `yaml`.
    const broken = plain.replace('  user-0:\n', '  user-0: [\n');
    const checked = checkConfigTexts(fileTexts({ 'big.yaml': broken }));
    expect(brief(checked.diagnostics)).toEqual(['big.yaml:5:11 error FR101']);
    expect(checked.diagnostics[0]!.detail).toBe(
      'a file over 8 MiB is read by the fast reader only, which stops at the first error',
    );
  });
});
