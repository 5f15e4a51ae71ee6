import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { SourceRef } from '../../model/index.js';
import type { Locate, NodePath } from '../../model/document.js';

type AnyNode = ReturnType<Document['createNode']> | null | undefined;

/** Builds the `locate` function of a parsed document: path → file:line:col. */
export function createLocator(doc: Document, lineCounter: LineCounter, file: string): Locate {
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const keyIndexOf = (map: YAMLMap): Map<string, Pair> => {
    let index = indexes.get(map);
    if (index === undefined) {
      index = new Map();
      for (const pair of map.items) {
        if (isPair(pair) && isScalar(pair.key)) index.set(String(pair.key.value), pair);
      }
      indexes.set(map, index);
    }
    return index;
  };
  const at = (offset: number | undefined): SourceRef => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { file, line: pos.line, col: pos.col };
  };
  return (path: NodePath, part: 'key' | 'value' = 'value') => {
    let node = resolveAlias(doc, doc.contents);
    let keyOffset: number | undefined;
    for (const segment of path) {
      const step = childOf(doc, node, segment, keyIndexOf);
      if (step === undefined) return at(keyOffset ?? offsetOf(node));
      node = step.value;
      keyOffset = step.keyOffset;
    }
    if (part === 'key' && keyOffset !== undefined) return at(keyOffset);
    return at(isEmptyScalar(node) ? (keyOffset ?? offsetOf(node)) : (offsetOf(node) ?? keyOffset));
  };
}

function childOf(
  doc: Document,
  node: AnyNode,
  segment: string | number,
  keyIndexOf: (map: YAMLMap) => Map<string, Pair>,
): { value: AnyNode; keyOffset: number | undefined } | undefined {
  if (isMap(node)) {
    const pair = keyIndexOf(node).get(String(segment));
    if (pair === undefined) return undefined;
    const key = pair.key as { range?: [number, number, number] | null };
    return { value: resolveAlias(doc, pair.value as AnyNode), keyOffset: key.range?.[0] };
  }
  if (isSeq(node)) {
    const index = typeof segment === 'number' ? segment : Number(segment);
    const item = Number.isInteger(index) ? node.items[index] : undefined;
    if (item === undefined) return undefined;
    const value = resolveAlias(doc, item as AnyNode);
    return { value, keyOffset: offsetOf(value) };
  }
  return undefined;
}

function resolveAlias(doc: Document, node: AnyNode): AnyNode {
  if (isAlias(node)) return node.resolve(doc);
  return node;
}

function offsetOf(node: AnyNode): number | undefined {
  if (node === null || node === undefined) return undefined;
  const range = (node as { range?: [number, number, number] | null }).range;
  return range?.[0];
}

/** `key:` with nothing after it: a null scalar without source text. */
function isEmptyScalar(node: AnyNode): boolean {
  if (!isScalar(node) || node.value !== null) return false;
  const range = node.range;
  return range === undefined || range === null || range[0] === range[1];
}
