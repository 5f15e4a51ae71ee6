import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfigFileFast } from '../../../src/config/yaml/fast-parse.js';
import { parseConfigFile } from '../../../src/config/yaml/parse.js';
import { validateConfig } from '../../../src/config/validate.js';
import type { NodePath } from '../../../src/model/document.js';
import { yaml } from './helpers.js';

/** Every path of a value (mapping keys, sequence indexes), plus one missing child of each. */
function pathsOf(value: unknown, prefix: NodePath = []): NodePath[] {
  const paths: NodePath[] = [prefix, [...prefix, 'no-such-key'], [...prefix, 99]];
  if (typeof value !== 'object' || value === null) return paths;
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value);
  for (const [key, child] of entries) paths.push(...pathsOf(child, [...prefix, key]));
  return paths;
}

/** The fast path either declines, or agrees with the `yaml` path on data and every position. */
function expectSameAsYaml(text: string): boolean {
  const file = { path: 'f.yaml', text };
  const fast = parseConfigFileFast(file);
  if (fast === undefined) return false;
  const slow = parseConfigFile(file);
  expect(slow.diagnostics).toEqual([]);
  expect(fast.data).toStrictEqual(slow.document?.data);
  for (const path of pathsOf(fast.data)) {
    for (const part of ['key', 'value'] as const) {
      expect(fast.locate(path, part), `${path.join('.')} ${part}`).toEqual(
        slow.document!.locate(path, part),
      );
    }
  }
  // So the schema's diagnostics are the same too (load.ts takes them from the fast path).
  expect(validateConfig(fast).diagnostics).toEqual(validateConfig(slow.document!).diagnostics);
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('parseConfigFileFast', () => {
  it('reads the usual file shapes with the positions of the yaml path', () => {
    const accepted = [
      yaml('# access', 'version: 1', 'users:', '  ana:', '    roles: { User: [a, b] }'),
      yaml(
        'version: 1',
        'users:',
        '  ana:',
        '    roles:',
        '      User:',
        '        - a',
        '        - "b"',
      ),
      yaml('version: 1', 'roles:', '  Admin: {}', '  "Old role": { retired: true }  # gone'),
      yaml('settings:', "  ignore_users: ['svc-*']", '  max_removals: 10', 'version: 1'),
      yaml('users:', '  bo:', '    roles:', '      X: { all_open: true, until: 2026-12-31 }'),
      yaml('groups:', '  g:', '    members: [it\'s, "x y"]', '    roles: { R: all-open }'),
      yaml('a: -.5', 'b: 0o17', 'c: 0x1F', 'd: 1e3', 'e: +12', 'f: .inf', 'g: True', 'h: 1_000'),
      yaml('a: 0b11', 'b: 2026-01-01', 'c: yes', "d: 'it''s'", 'e: b#c', 'f: [x, y, ]'),
      yaml('', '# only comments before', '', 'a:', '', '  # inside', '  b: c'),
      yaml('- a', '- b: c', '  d: [e]', '- - f'),
      yaml('ü: ñ', '"quoted key": "v"', "'single': 's'", 'emoji: 🎬 take'),
      yaml('b: x', '"10": y', '"2": z', 'a: [w]'),
      Array.from({ length: 12 }, (_, i) => `k${11 - i}: [p${i}]`).join('\n'),
    ];
    for (const text of accepted) expect(expectSameAsYaml(text), text).toBe(true);
    // CRLF line ends (a Windows checkout) too, with the same lines and columns.
    for (const text of accepted) {
      const crlf = text.replaceAll('\n', '\r\n');
      expect(expectSameAsYaml(crlf), JSON.stringify(crlf)).toBe(true);
    }
  });

  it('declines anything outside the plain subset, leaving it to the yaml path', () => {
    const declined = [
      '',
      '# nothing',
      yaml('a:'),
      yaml('a: ~'),
      yaml('a: null'),
      yaml('a: &x 1', 'b: *x'),
      yaml('a: !!str 1'),
      yaml('a: |', '  x'),
      yaml('a: >', '  x'),
      yaml('a: "x\\ty"'),
      yaml('a: "multi', '  line"'),
      yaml('a: multi', '  line'),
      yaml('a: [x,', '  y]'),
      yaml('? a', ': b'),
      yaml('a: x', 'a: y'),
      yaml('1: x'),
      yaml('true: x'),
      yaml('__proto__: x'),
      yaml('---', 'a: b'),
      yaml('a: b', '---', 'c: d'),
      yaml('%YAML 1.2', '---', 'a: b'),
      yaml('a:\tb'),
      'a: b\rc: d\r',
      yaml('a: "b"#c'),
      yaml('a: [b]#c'),
      yaml('a: [b:c]'),
      yaml('a: b: c'),
      yaml('a: [' + '['.repeat(70) + ']'.repeat(71)),
    ];
    for (const text of declined) {
      expect(parseConfigFileFast({ path: 'f.yaml', text }), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('agrees with the yaml path on random YAML-like text whenever it accepts it', () => {
    const tokens = [
      'a',
      'b c',
      ' ',
      '  ',
      '\n',
      ': ',
      ':',
      '- ',
      '[',
      ']',
      '{',
      '}',
      ', ',
      '"',
      "'",
    ];
    const more = [
      '#',
      ' #',
      '1',
      '-',
      '.',
      'true',
      '~',
      '? ',
      '&x ',
      '*x',
      '!',
      '|',
      '>',
      '\\',
      'é',
      '\r\n',
    ];
    const line = fc.array(fc.constantFrom(...tokens, ...more), { maxLength: 12 });
    const text = fc.array(line, { maxLength: 8 }).map((lines) => lines.map((l) => l.join('')));
    const shaped = fc.tuple(fc.constantFrom('a: ', 'a:\n  b: ', '- ', 'a:\n  - '), line);
    fc.assert(
      fc.property(
        fc.oneof(
          text.map((l) => l.join('\n')),
          shaped.map(([h, l]) => h + l.join('')),
        ),
        (t) => {
          expectSameAsYaml(t);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees with the yaml path on every fixture it accepts', () => {
    const root = join(import.meta.dirname, '../../fixtures');
    let accepted = 0;
    for (const path of yamlFiles(root)) {
      if (expectSameAsYaml(readFileSync(path, 'utf8'))) accepted += 1;
    }
    expect(accepted).toBeGreaterThan(10);
  });

  it('gives the schema diagnostics of the yaml path, so a schema error needs no second parse', () => {
    const root = join(import.meta.dirname, '../../fixtures');
    let invalid = 0;
    for (const path of yamlFiles(root)) {
      const file = { path: 'f.yaml', text: readFileSync(path, 'utf8') };
      const fast = parseConfigFileFast(file);
      if (fast === undefined) continue;
      const expected = validateConfig(parseConfigFile(file).document!).diagnostics;
      expect(validateConfig(fast).diagnostics, path).toEqual(expected);
      if (expected.length > 0) invalid += 1;
    }
    expect(invalid).toBeGreaterThan(10);
  });
});
