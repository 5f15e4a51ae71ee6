import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../../src/config/yaml/parse.js';
import { brief, yaml } from './helpers.js';

const parse = (text: string) => parseConfigFile({ path: 'f.yaml', text });

describe('parseConfigFile', () => {
  it('returns data and a locator that keeps positions', () => {
    const result = parse(yaml('version: 1', 'users:', '  ana:', '    roles: { User: [a, b] }'));
    expect(result.diagnostics).toEqual([]);
    expect(result.document?.data).toEqual({
      version: 1,
      users: { ana: { roles: { User: ['a', 'b'] } } },
    });
    const locate = result.document!.locate;
    expect(locate(['users', 'ana'], 'key')).toEqual({ file: 'f.yaml', line: 3, col: 3 });
    expect(locate(['users', 'ana', 'roles', 'User', 1])).toEqual({
      file: 'f.yaml',
      line: 4,
      col: 24,
    });
    expect(locate(['users', 'nobody', 'roles'])).toEqual({ file: 'f.yaml', line: 2, col: 1 });
  });

  it('reports every duplicate key with the first position in the detail', () => {
    const result = parse(
      yaml('version: 1', 'users:', '  a: { roles: {} }', '  a: { roles: {} }', 'version: 1'),
    );
    expect(brief(result.diagnostics).sort()).toEqual([
      'f.yaml:4:3 error FR102',
      'f.yaml:5:1 error FR102',
    ]);
    expect(result.diagnostics.map((d) => d.detail).sort()).toEqual([
      'first defined at line 1, column 1',
      'first defined at line 3, column 3',
    ]);
    expect(result.document).toBeUndefined();
  });

  it('reports syntax errors and keeps going', () => {
    const result = parse(yaml('version: 1', 'users: [a, b', 'x: "unterminated'));
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.every((d) => d.code === 'FR101')).toBe(true);
    expect(result.document).toBeUndefined();
  });

  it('warns about an empty file and returns no document', () => {
    const result = parse('# just a comment\n');
    expect(brief(result.diagnostics)).toEqual(['f.yaml:1:1 warning FR106']);
    expect(result.document).toBeUndefined();
  });

  it('refuses several documents in one file', () => {
    expect(brief(parse('version: 1\n---\nversion: 1\n').diagnostics)).toEqual([
      'f.yaml:2:1 error FR105',
    ]);
  });

  it('resolves aliases for data and positions, within the alias limit', () => {
    const result = parse(
      yaml('version: 1', 'x: &shows [a, b]', 'users:', '  ana: { roles: { User: *shows } }'),
    );
    expect(result.document?.data).toMatchObject({
      users: { ana: { roles: { User: ['a', 'b'] } } },
    });
    expect(result.document!.locate(['users', 'ana', 'roles', 'User', 1])).toMatchObject({
      line: 2,
      col: 15,
    });
  });

  it('stops an alias bomb at the first alias', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(', ')}]`,
      );
    }
    const result = parse(yaml(...levels));
    expect(brief(result.diagnostics)).toEqual(['f.yaml:2:8 error FR103']);
  });

  it('refuses deep nesting before the parser recurses', () => {
    expect(brief(parse(`a: ${'['.repeat(100_000)}`).diagnostics)).toEqual([
      'f.yaml:1:68 error FR104',
    ]);
    const block = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(brief(parse(block).diagnostics)).toEqual(['f.yaml:258:257 error FR104']);
  });

  it('does not let a key named __proto__ touch prototypes', () => {
    const result = parse(yaml('version: 1', 'users:', '  __proto__: { roles: {} }'));
    expect(Object.keys((result.document!.data as { users: object }).users)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['roles']).toBeUndefined();
  });
});
