import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- eslint.config.js is plain JavaScript (checked with @ts-check), without types
import { LAYERS } from '../../../eslint.config.js';

// The direction of src/ (docs/architecture.md), checked on every import line, dynamic
// imports included (which the lint rule does not see), against the table the lint rule
// uses. A test that cannot fail is a defect: the last cases feed it known violations.

const root = join(import.meta.dirname, '../../..');
const src = join(root, 'src');

interface Spec {
  may: readonly string[];
  types?: readonly string[];
}
const layers = LAYERS as Record<string, Spec>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

interface ImportLine {
  spec: string;
  typeOnly: boolean;
}

/** The relative imports of a source text: static, re-exports and dynamic. */
export function importsOf(text: string): ImportLine[] {
  const found: ImportLine[] = [];
  const statics = /(?:^|\n)\s*(import|export)(\s+type)?\b[^'"]*?from\s+['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(statics)) found.push({ spec: m[3]!, typeOnly: m[2] !== undefined });
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push({ spec: m[1]!, typeOnly: false });
  }
  return found.filter((i) => i.spec.startsWith('.'));
}

/** The layer of a path under src/, or undefined outside src/. */
function layerOf(path: string): string | undefined {
  const rel = relative(src, path);
  return rel.startsWith('..') ? undefined : rel.split('/')[0];
}

/** The imports of `file` that cross its layer's boundary, one line each. */
function violations(file: string, text: string): string[] {
  const from = layerOf(file)!;
  const spec = layers[from]!;
  const out: string[] = [];
  for (const { spec: target, typeOnly } of importsOf(text)) {
    const to = layerOf(resolve(dirname(file), target));
    if (to === undefined || to === from) continue;
    const allowed = spec.may.includes(to) || (typeOnly && (spec.types ?? []).includes(to));
    if (!allowed) out.push(`${relative(root, file)} → ${target}${typeOnly ? ' (type)' : ''}`);
  }
  return out;
}

/** The runtime import graph of src/ (type-only imports left out), file by file. */
function moduleGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = importsOf(readFileSync(file, 'utf8'))
      .filter((i) => !i.typeOnly)
      .map((i) => resolve(dirname(file), i.spec).replace(/\.js$/, '.ts'));
    graph.set(file, targets);
  }
  return graph;
}

/** A cycle of the graph, if any (depth-first search). */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const found = visit(next);
        if (found !== undefined) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    if (state.get(node) === undefined) {
      const found = visit(node);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

describe('import boundaries', () => {
  const files = sourceFiles(src);

  it('every folder of src/ is a layer of the table, and the table has no cycle', () => {
    const folders = new Set(files.map((f) => layerOf(f)!));
    expect([...folders].filter((f) => !(f in layers)).sort()).toEqual([]);
    const graph = new Map(
      Object.entries(layers).map(([layer, spec]) => [
        layer,
        [...spec.may, ...(spec.types ?? [])] as string[],
      ]),
    );
    expect(findCycle(graph)).toBeUndefined();
  });

  it('nothing but the CLI imports src/cli', () => {
    const importers = Object.entries(layers)
      .filter(
        ([layer, spec]) => layer !== 'cli' && [...spec.may, ...(spec.types ?? [])].includes('cli'),
      )
      .map(([layer]) => layer);
    expect(importers).toEqual([]);
  });

  it('the planner reads the state and the desired state as types only, and never the clock', () => {
    expect(layers['plan']!.may).not.toContain('current');
    expect(layers['plan']!.may).not.toContain('desired');
    const clock = files
      .filter((f) => layerOf(f) === 'plan')
      .filter((f) => /new Date\(\)|Date\.now\(\)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(clock).toEqual([]);
  });

  for (const layer of Object.keys(layers)) {
    it(`src/${layer} imports only what its layer may`, () => {
      const offenders = files
        .filter((f) => layerOf(f) === layer)
        .flatMap((f) => violations(f, readFileSync(f, 'utf8')));
      expect(offenders).toEqual([]);
    });
  }

  it('has no import cycle between the modules of src/', () => {
    const cycle = findCycle(moduleGraph(files));
    expect(cycle?.map((f) => relative(root, f))).toBeUndefined();
  });

  it('finds the violations it is built to find (static, dynamic, type-only, cycle)', () => {
    const at = (layer: string) => join(src, layer, 'x.ts');
    expect(violations(at('plan'), "import { x } from '../pipeline/index.js';")).toHaveLength(1);
    expect(violations(at('plan'), "const m = await import('../session/index.js');")).toHaveLength(
      1,
    );
    expect(violations(at('plan'), "import { x } from '../current/index.js';")).toHaveLength(1);
    expect(violations(at('plan'), "import type { X } from '../current/index.js';")).toEqual([]);
    expect(violations(at('model'), "export { x } from '../cli/main.js';")).toHaveLength(1);
    expect(violations(at('cli'), "import { x } from '../pipeline/index.js';")).toEqual([]);
    const a = join(src, 'a.ts');
    const b = join(src, 'b.ts');
    expect(
      findCycle(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([a, b, a]);
  });

  it('docs/architecture.md lists every layer with exactly what it may import', () => {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    const list = (cell: string) =>
      cell.trim() === '—'
        ? []
        : cell
            .split(',')
            .map((name) => name.trim())
            .sort();
    const rows = new Map<string, { may: string[]; types: string[] }>();
    for (const m of doc.matchAll(/^\| `src\/([a-z]+)\/` +\|[^|]*\|([^|]*)\|([^|]*)\|$/gm)) {
      rows.set(m[1]!, { may: list(m[2]!), types: list(m[3]!) });
    }
    const table = Object.fromEntries(
      Object.entries(layers).map(([layer, spec]) => [
        layer,
        { may: [...spec.may].sort(), types: [...(spec.types ?? [])].sort() },
      ]),
    );
    expect(Object.fromEntries(rows)).toEqual(table);
  });

  it('keeps every source file under 300 lines, generated code aside', () => {
    const long = files
      .filter((f) => !f.includes('/generated/'))
      .filter((f) => readFileSync(f, 'utf8').split('\n').length > 300)
      .map((f) => relative(root, f));
    expect(long).toEqual([]);
  });

  it('neither src/ nor test/ reads ../shared', () => {
    const all = [...files, ...sourceFiles(join(root, 'test'))].filter(
      (f) => f !== import.meta.filename,
    );
    const offenders = all.filter((f) =>
      /\.\.\/shared\b|['"`]\.\.\/\.\.\/shared/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});
