import { expect } from 'vitest';
import { readConfigFileFast, readWithJsYaml } from '../../../src/config/yaml/fast-parse.js';
import { parseConfigFile } from '../../../src/config/yaml/parse.js';
import { scanPlainYaml } from '../../../src/config/yaml/plain-scanner.js';
import type { NodePath, ParsedDocument } from '../../../src/model/document.js';

/** Every path of a value (mapping keys, sequence indexes), plus missing children of each. */
export function pathsOf(value: unknown, prefix: NodePath = []): NodePath[] {
  const paths: NodePath[] = [prefix, [...prefix, 'no-such-key'], [...prefix, 99]];
  if (typeof value !== 'object' || value === null) return paths;
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value);
  for (const [key, child] of entries) paths.push(...pathsOf(child, [...prefix, key]));
  return paths;
}

/** Two documents hold the same data (key order included) and give every position alike. */
export function expectSameDocument(
  actual: ParsedDocument,
  expected: ParsedDocument,
  what: string,
): void {
  expect(actual.data, what).toStrictEqual(expected.data);
  expect(JSON.stringify(actual.data), `${what}: key order`).toBe(JSON.stringify(expected.data));
  for (const path of pathsOf(actual.data)) {
    for (const part of ['key', 'value'] as const) {
      expect(actual.locate(path, part), `${what}: ${path.join('.')} ${part}`).toEqual(
        expected.locate(path, part),
      );
    }
  }
}

/**
 * `locateEntry` finds every entry where `locate` finds it by path, and nothing for a key or
 * an index that is not there.
 */
export function expectEntriesLikePaths(document: ParsedDocument, what: string): void {
  const { locateEntry } = document;
  if (locateEntry === undefined) throw new Error(`${what}: no locateEntry`);
  const walk = (node: unknown, path: NodePath): void => {
    if (typeof node !== 'object' || node === null) return;
    const entries = Array.isArray(node)
      ? node.map((v, i) => [i, v] as const)
      : Object.entries(node as Record<string, unknown>);
    for (const [key, child] of entries) {
      for (const part of ['key', 'value'] as const) {
        expect(
          locateEntry(node, key, part),
          `${what}: ${[...path, key].join('.')} ${part}`,
        ).toEqual(document.locate([...path, key], part));
      }
      walk(child, [...path, key]);
    }
    const missing = Array.isArray(node) ? node.length : 'no-such-key';
    expect(locateEntry(node, missing, 'value'), `${what}: ${path.join('.')}`).toBeUndefined();
  };
  walk(document.data, []);
  expect(locateEntry({}, 'a', 'key'), 'a node of no document').toBeUndefined();
}

/**
 * Whether the scanner reads this text; when it does, the js-yaml reader reads it too (so
 * the scanner never takes a file the js-yaml reader would decline, which changes what a
 * file over 8 MiB is told), and both readers and the `yaml` path agree on the data and on
 * every position.
 */
export function expectScannerAgrees(text: string): boolean {
  const file = { path: 'f.yaml', text };
  const lf = text.includes('\r') ? text.replaceAll('\r\n', '\n') : text;
  const scanned = scanPlainYaml(lf);
  if (scanned === undefined) return false;
  // The scanner finds every line start on its way, as createCompactLocator would search them.
  const lineStarts = [0, ...[...lf.matchAll(/\n/g)].map((m) => m.index + 1)];
  expect([...scanned.store.lineStarts!.finish()]).toEqual(lineStarts);
  const fast = readConfigFileFast(file);
  const viaJsYaml = readWithJsYaml(file, lf);
  if (!('document' in fast)) throw new Error('the fast path declined what the scanner read');
  if (!('document' in viaJsYaml)) {
    throw new Error(`the js-yaml reader declines what the scanner read: ${JSON.stringify(text)}`);
  }
  expectSameDocument(fast.document, viaJsYaml.document, `js-yaml ${JSON.stringify(text)}`);
  expectEntriesLikePaths(fast.document, `scanner ${JSON.stringify(text)}`);
  expectEntriesLikePaths(viaJsYaml.document, `js-yaml ${JSON.stringify(text)}`);
  const slow = parseConfigFile(file);
  expect(slow.diagnostics).toEqual([]);
  expectSameDocument(fast.document, slow.document!, `yaml ${JSON.stringify(text)}`);
  return true;
}
