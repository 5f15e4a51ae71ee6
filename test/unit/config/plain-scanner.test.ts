import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkConfigTexts } from '../../../src/config/check.js';
import { scanPlainYaml } from '../../../src/config/yaml/plain-scanner.js';
import { brief, fileTexts, yaml } from './helpers.js';
import { expectScannerAgrees } from './yaml-readers.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const ACCEPTED = [
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
  yaml('a: 0b11', 'b: 2026-01-01', 'c: yes', "d: 'it''s'", 'e: b#c', 'f: [x, y]'),
  yaml('', '# only comments before', '', 'a:', '', '  # inside', '  b: c'),
  yaml('- a', '- b: c', '  d: [e]', '- - f', '  - g'),
  yaml('ü: ñ', '"quoted key": "v"', "'single': 's'", 'emoji: 🎬 take'),
  yaml('b: x', '"10": y', '"2": z', 'a: [w]'),
  yaml('a: http://x.y/z', 'b: x:y', 'c: a, b and c', 'e: -x', 'f: a  b  ', 'g: "a]"'),
  yaml('a:    # the value is below', '   b:   c   # and a comment', '   d: [ x ,y ]'),
  yaml('settings:', '  protected:', '    - role: Administrator', '      min_holders: 2'),
  yaml('users:', '  ana:', '    roles:', '      Lead: {all_open: true, projects: [p1, p2]}'),
  yaml('a: {}', 'b: []', 'c: { }', 'd: [ ]', 'e: [[x], {y: z}, []]', 'f: {g: {h: [i]}}'),
  Array.from({ length: 12 }, (_, i) => `k${11 - i}: [p${i}]`).join('\n'),
  'a: b',
  'a: [b]   ',
];

const DECLINED = [
  '',
  '# nothing',
  yaml('a:'),
  yaml('a: ~'),
  yaml('a: [x, null]'),
  yaml('a: &x 1', 'b: *x'),
  yaml('a: !!str 1'),
  yaml('a: |', '  x'),
  yaml('a: "x\\ty"'),
  yaml('a: "multi', '  line"'),
  yaml('a: multi', '  line'),
  yaml('a:', '  b'),
  yaml('a: [x,', '  y]'),
  yaml('a: [x, y, ]'),
  yaml('a:', '- x'),
  yaml('-', '  a: b'),
  yaml('? a', ': b'),
  yaml('a: x', 'a: y'),
  yaml('a: { x: 1, x: 2 }'),
  yaml('1: x'),
  yaml('true: x'),
  yaml('__proto__: x'),
  yaml('"__proto__": x'),
  yaml('<<: x'),
  yaml('a : x'),
  yaml('a:b: x'),
  yaml('---', 'a: b'),
  yaml('...: b'),
  yaml('-? x: y'),
  yaml('a: b', '---', 'c: d'),
  yaml('%YAML 1.2', '---', 'a: b'),
  yaml('a:\tb'),
  'a: b\rc: d\r',
  'a: b\u0085c',
  'a: \uFEFFb',
  'a: \uD800b',
  yaml('a: "b"#c'),
  yaml('a: [b]#c'),
  yaml('a: [b:c]'),
  yaml('a: {b:c}'),
  yaml('a: b: c'),
  yaml('a: b:'),
  yaml('a: x[1]'),
  yaml("a: '[x'"),
  yaml('a: b # [c'),
  yaml('[a]: b'),
  yaml('a: ]x'),
  yaml('[a, b]'),
  yaml('a'),
  yaml('a: b', '  c: d'),
  yaml('a:', '  b: c', ' d: e'),
  yaml('- a', 'b: c'),
  yaml('a: ' + '['.repeat(17) + ']'.repeat(17)),
  yaml(' '.repeat(200), 'a: b'),
  yaml('a: b', ' '.repeat(201) + '# far'),
  yaml('a:', ...Array.from({ length: 101 }, (_, i) => `${'  '.repeat(i + 1)}b${i}:`), 'x: y'),
];

/** Scalars, written plain or quoted; the odd ones no plain scalar can hold, or not as a key. */
const WORDS = ['a', 'ana', 'show-060', 'FX Supervisor', 'all-open', 'é', '🎬', 'x.y', 'svc-*'];
const ODD = [
  "it's",
  '1',
  '-5',
  '.5',
  'true',
  'no',
  'null',
  '~',
  '0x1F',
  'a:b',
  'a#b',
  'b #c',
  '-a',
  '...',
  '---',
  'a,b',
  '[x]',
  '{y}',
  '__proto__',
  '<<',
  '10',
  '',
  ' lead',
  'trail ',
  '@x',
  '%p',
  'a\\b',
  'x"y',
];
const word = fc.oneof(
  { weight: 15, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD) },
);

type Tree = string | Tree[] | { entries: [string, Tree][] };
const { map, seq } = fc.letrec<{
  node: Tree;
  map: { entries: [string, Tree][] };
  seq: Tree[];
}>((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, word, tie('map'), tie('seq')),
  map: fc.record({
    entries: fc.uniqueArray(fc.tuple(word, tie('node')), { maxLength: 4, selector: ([k]) => k }),
  }),
  seq: fc.array(tie('node'), { maxLength: 4 }),
}));

/** Writes a tree as YAML, each choice of style taken from `styles` in turn. */
class Writer {
  #next = 0;
  constructor(private readonly styles: readonly number[]) {}

  choose(n: number): number {
    return (this.styles[this.#next++ % this.styles.length] ?? 0) % n;
  }

  scalar(text: string): string {
    const style = this.choose(4);
    if (style === 1) return `'${text.replaceAll("'", "''")}'`;
    if (style === 2) return `"${text}"`;
    return text;
  }

  flow(tree: Tree): string {
    if (typeof tree === 'string') return this.scalar(tree);
    const sp = [' ', '', '  '][this.choose(3)]!;
    if (Array.isArray(tree)) return `[${sp}${tree.map((t) => this.flow(t)).join(`,${sp}`)}${sp}]`;
    const pairs = tree.entries.map(([k, v]) => `${this.scalar(k)}: ${this.flow(v)}`);
    return `{${sp}${pairs.join(`, ${sp}`)}${sp}}`;
  }

  /** Lines of a block collection at `indent`, or undefined to write it in flow. */
  block(tree: Tree, indent: number, flow = this.choose(3) === 0): string[] | undefined {
    if (typeof tree === 'string' || flow) return undefined;
    const items: (Tree | [string, Tree])[] = Array.isArray(tree) ? tree : tree.entries;
    if (items.length === 0) return undefined;
    const lines: string[] = [];
    for (const item of items) {
      if (lines.length > 0 && this.choose(8) === 0) {
        lines.push(this.choose(2) === 0 ? '' : `${' '.repeat(indent)}# note`);
      }
      lines.push(
        ...(Array.isArray(tree)
          ? this.item(item, indent)
          : this.entry(item as [string, Tree], indent)),
      );
    }
    return lines;
  }

  /** `- item` at `indent`: a value, or a block collection starting on the dash's line. */
  item(item: Tree, indent: number): string[] {
    const pad = ' '.repeat(indent);
    const inner = this.block(item, indent + 2);
    if (inner === undefined) return [`${pad}- ${this.flow(item)}${this.comment()}`];
    return [`${pad}- ${inner[0]!.slice(indent + 2)}`, ...inner.slice(1)];
  }

  /** `key: value` at `indent`, the value on the line or in a deeper block. */
  entry([key, value]: [string, Tree], indent: number): string[] {
    const head = `${' '.repeat(indent)}${this.scalar(key)}:`;
    const inner = this.block(value, indent + 1 + this.choose(4));
    if (inner === undefined) return [`${head} ${this.flow(value)}${this.comment()}`];
    return [`${head}${this.comment()}`, ...inner];
  }

  comment(): string {
    return this.choose(6) === 0 ? '  # c' : '';
  }
}

const documentText = fc
  .tuple(fc.oneof(map, seq), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }))
  .map(([tree, styles]) => {
    const writer = new Writer(styles);
    return (writer.block(tree, 0, false) ?? [writer.flow(tree)]).join('\n') + '\n';
  });

/** A small change to a text: a token inserted, or a stretch deleted. */
const mutation = fc.oneof(
  fc
    .tuple(fc.nat(), fc.constantFrom(' ', '\n', ':', '- ', '#', ',', '[', '}', "'", '\t', 'x: y'))
    .map(
      ([at, token]) =>
        (t: string) =>
          t.slice(0, at % (t.length + 1)) + token + t.slice(at % (t.length + 1)),
    ),
  fc.tuple(fc.nat(), fc.nat({ max: 3 })).map(([at, n]) => (t: string) => {
    const from = at % (t.length + 1);
    return t.slice(0, from) + t.slice(from + n);
  }),
);

const mutations = fc.oneof(
  { weight: 2, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }) },
);

describe('scanPlainYaml', () => {
  it('reads the usual file shapes, as the js-yaml reader and the yaml path do', () => {
    for (const text of ACCEPTED) expect(expectScannerAgrees(text), text).toBe(true);
    for (const text of ACCEPTED) {
      const crlf = text.replaceAll('\n', '\r\n');
      expect(expectScannerAgrees(crlf), JSON.stringify(crlf)).toBe(true);
    }
  });

  it('declines anything else, leaving it to the js-yaml reader', () => {
    for (const text of DECLINED) {
      expect(scanPlainYaml(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('declines what the nesting check refuses: the yaml path still reports FR104', () => {
    const comments = Array.from({ length: 70 }, (_, i) => `k${i}: v # [`);
    const indented = ['a: b', `${' '.repeat(300)}`, 'c: d'];
    for (const lines of [comments, indented]) {
      const text = yaml(...lines);
      expect(scanPlainYaml(text)).toBeUndefined();
      const checked = checkConfigTexts(fileTexts({ 'f.yaml': text }));
      expect(brief(checked.diagnostics)).toContain(
        lines === comments ? 'f.yaml:65:10 error FR104' : 'f.yaml:2:257 error FR104',
      );
    }
  });

  it('agrees with both readers on every fixture it reads', () => {
    const root = join(import.meta.dirname, '../../fixtures');
    let accepted = 0;
    for (const path of yamlFiles(root)) {
      if (expectScannerAgrees(readFileSync(path, 'utf8'))) accepted += 1;
    }
    expect(accepted).toBeGreaterThan(10);
  });

  it('agrees with both readers on random YAML-like text whenever it reads it', () => {
    const tokens = ['a', 'b c', ' ', '  ', '\n', ': ', ':', '- ', '[', ']', '{', '}', ', ', '"'];
    const more = ["'", '#', ' #', '1', '-', '.', 'true', '~', '? ', '&x ', '*x', '!', '|', '>'];
    const rare = ['\\', 'é', '\r\n', '\t', '---', '...', '%', '@', '`', '<<', '__proto__'];
    const line = fc.array(fc.constantFrom(...tokens, ...more, ...rare), { maxLength: 12 });
    const text = fc.array(line, { maxLength: 8 }).map((lines) => lines.map((l) => l.join('')));
    const shaped = fc.tuple(fc.constantFrom('a: ', 'a:\n  b: ', '- ', 'a:\n  - '), line);
    fc.assert(
      fc.property(
        fc.oneof(
          text.map((l) => l.join('\n')),
          shaped.map(([h, l]) => h + l.join('')),
        ),
        (t) => {
          expectScannerAgrees(t);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees with both readers on random documents, written in random styles and mutated', () => {
    let accepted = 0;
    fc.assert(
      fc.property(documentText, mutations, (text, changes) => {
        const mutated = changes.reduce((t, mutate) => mutate(t), text);
        if (expectScannerAgrees(mutated)) accepted += 1;
      }),
      { numRuns: 2000 },
    );
    expect(accepted).toBeGreaterThan(700);
  });
});
