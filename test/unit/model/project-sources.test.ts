import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_PROJECTS, ProjectSources } from '../../../src/model/project-sources.js';
import { compareSources, type SourceRef } from '../../../src/model/index.js';

const ref = (line: number, col = 3, file = 'a.yaml', group?: string): SourceRef =>
  group === undefined ? { file, line, col } : { file, line, col, group };

/** The same map built the plain way: names sorted, each name's sources sorted, repeats dropped. */
function reference(pairs: readonly [string, SourceRef][]): Map<string, SourceRef[]> {
  const map = new Map<string, SourceRef[]>();
  for (const [name, source] of pairs) map.set(name, [...(map.get(name) ?? []), source]);
  const names = [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(
    names.map((name) => {
      const sorted = [...map.get(name)!].sort(compareSources);
      return [name, sorted.filter((s, i) => i === 0 || compareSources(sorted[i - 1]!, s) !== 0)];
    }),
  );
}

describe('ProjectSources', () => {
  it('reads like a map sorted by name, sources in file order without repeats', () => {
    const projects = new ProjectSources();
    projects.add('nebula', ref(9));
    projects.add('alpha', ref(4));
    projects.add('nebula', ref(2, 5, 'a.yaml', 'leads'));
    projects.add('nebula', ref(2, 5));
    projects.add('alpha', ref(4)); // the same item twice (a user entry and a copy)
    expect(projects.size).toBe(2);
    expect([...projects.keys()]).toEqual(['alpha', 'nebula']);
    expect(projects.get('alpha')).toEqual([ref(4)]);
    expect(projects.get('nebula')).toEqual([ref(2, 5), ref(2, 5, 'a.yaml', 'leads'), ref(9)]);
    expect(projects.has('nebula')).toBe(true);
    expect(projects.has('zed')).toBe(false);
    expect(projects.get('zed')).toBeUndefined();
    expect(projects.get('aaa')).toBeUndefined();
    expect(projects.get('beta')).toBeUndefined();
    expect(Object.prototype.toString.call(projects)).toBe('[object ProjectSources]');
  });

  it('takes more items after a read and sorts again', () => {
    const projects = ProjectSources.from([['b', [ref(1)]]]);
    expect([...projects.keys()]).toEqual(['b']);
    projects.add('a', ref(2));
    expect([...projects]).toEqual([
      ['a', [ref(2)]],
      ['b', [ref(1)]],
    ]);
    const seen: string[] = [];
    projects.forEach((refs, name, map) => {
      expect(map).toBe(projects);
      seen.push(`${name}:${refs.length}`);
    });
    expect(seen).toEqual(['a:1', 'b:1']);
    expect([...projects.values()]).toEqual([[ref(2)], [ref(1)]]);
  });

  it('has one shared empty instance that refuses items', () => {
    expect(NO_PROJECTS.size).toBe(0);
    expect(() => NO_PROJECTS.add('a', ref(1))).toThrow(/shared/);
    expect([...NO_PROJECTS]).toEqual([]);
  });

  it('is empty when nothing was added', () => {
    const projects = new ProjectSources();
    expect(projects.size).toBe(0);
    expect([...projects]).toEqual([]);
    expect(projects.get('a')).toBeUndefined();
  });

  it('agrees with a plain sorted map for any items in any order', () => {
    const names = fc.constantFrom('a', 'b', 'show_*', 'nebula', 'alpha', 'Ä', 'a b');
    const source = fc.record({
      file: fc.constantFrom('a.yaml', 'b.yaml'),
      line: fc.integer({ min: 1, max: 5 }),
      col: fc.integer({ min: 1, max: 3 }),
      group: fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(names, source), { maxLength: 30 }), (items) => {
        const pairs = items.map(([name, s]): [string, SourceRef] => [
          name,
          s.group === undefined ? ref(s.line, s.col, s.file) : ref(s.line, s.col, s.file, s.group),
        ]);
        const projects = new ProjectSources();
        for (const [name, s] of pairs) projects.add(name, s);
        const expected = reference(pairs);
        expect([...projects]).toEqual([...expected]);
        expect(projects.size).toBe(expected.size);
        for (const name of ['a', 'b', 'show_*', 'nebula', 'alpha', 'Ä', 'a b', 'zz']) {
          expect(projects.get(name)).toEqual(expected.get(name));
          expect(projects.has(name)).toBe(expected.has(name));
        }
      }),
    );
  });
});
