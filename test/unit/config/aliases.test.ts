import { describe, expect, it } from 'vitest';
import { parseDocument as parseYaml, type YAMLMap } from 'yaml';
import {
  findAliasProblem,
  MAX_ALIASES,
  MIN_EXPANDED_NODES,
} from '../../../src/config/yaml/aliases.js';
import { parseConfigFile } from '../../../src/config/yaml/parse.js';
import { brief, yaml } from './helpers.js';

const parse = (text: string) => parseConfigFile({ path: 'f.yaml', text });
// yaml's own check of unique keys is quadratic; parseConfigFile does without it too.
const parseDocument = (text: string) => parseYaml(text, { uniqueKeys: false });

/** A config whose users each take their roles through an alias of one anchor. */
function usersThroughAliases(count: number, anchor = '[a, b, c]'): string {
  const users = Array.from({ length: count }, (_, i) => `  u${i}: { roles: { R: *shows } }`);
  return yaml('version: 1', 'users:', `  first: { roles: { R: &shows ${anchor} } }`, ...users);
}

describe('findAliasProblem', () => {
  it('counts nodes as written and as expanded, each anchor once', () => {
    const doc = parseDocument(yaml('a: &x [1, 2, 3]', 'b: *x', 'c: [*x, *x]'));
    expect(findAliasProblem(doc)).toBeUndefined();
    const bomb = parseDocument(yaml('a: &a [x, x, x, x]', 'b: &b [*a, *a, *a, *a]', 'c: [*b, *b]'));
    // Written: the map, 3 keys, 3 sequences, 4 scalars and 6 aliases. Expanded: a is 5
    // nodes, b 1 + 4 × 5, c 1 + 2 × 21; with the map and the keys, 72.
    expect(findAliasProblem(bomb)).toBeUndefined();
  });

  it('counts an alias inside its own anchor (a cycle) as one node', () => {
    expect(findAliasProblem(parseDocument(yaml('a: &a { b: *a }')))).toBeUndefined();
  });

  it(`allows ${MAX_ALIASES - 1} aliases in a file, not ${MAX_ALIASES}`, () => {
    const doc = parseDocument(usersThroughAliases(MAX_ALIASES));
    expect(findAliasProblem(doc)).toMatchObject({ kind: 'count', aliases: MAX_ALIASES });
    (doc.get('users') as YAMLMap).items.pop();
    expect(findAliasProblem(doc)).toBeUndefined();
  });
});

describe('aliases in parseConfigFile', () => {
  it('resolves aliases within the limits', () => {
    const result = parse(usersThroughAliases(200));
    expect(result.diagnostics).toEqual([]);
    const users = (result.document?.data as { users: Record<string, unknown> }).users;
    expect(users['u199']).toEqual({ roles: { R: ['a', 'b', 'c'] } });
  });

  it('refuses too many aliases at the first alias, before resolving any', () => {
    const result = parse(usersThroughAliases(MAX_ALIASES));
    expect(brief(result.diagnostics)).toEqual(['f.yaml:4:21 error FR103']);
    expect(result.diagnostics[0]!.summary).toBe('too many aliases (10000 or more in one file)');
  });

  it('refuses one large anchor used many times: it would multiply every later stage', () => {
    const big = `[${Array.from({ length: 2_000 }, (_, i) => `p${i}`).join(', ')}]`;
    // 1,000 aliases of 2,001 nodes: 2 million values from about 8,000 written.
    const result = parse(usersThroughAliases(1_000, big));
    expect(brief(result.diagnostics)).toEqual(['f.yaml:4:21 error FR103']);
    expect(result.diagnostics[0]!.summary).toMatch(
      /^too many alias expansions: the aliases make \d+ values into \d+ \(more than 10 times as many\)$/,
    );
    // 100 uses stay under the floor of expanded nodes, whatever the written size.
    expect(100 * 2_001).toBeLessThan(MIN_EXPANDED_NODES);
    expect(parse(usersThroughAliases(100, big)).diagnostics).toEqual([]);
  });
});
