import type { SourceRef } from '../../model/index.js';
import type { Locate, NodePath } from '../../model/document.js';

/**
 * The positions of a document read by the fast path, without any YAML tree: `offsets` holds
 * pairs (key offset, value offset); a mapping of the data maps each key to its pair, a
 * sequence to the pair of its first item (items are consecutive; both offsets are the
 * item's own, as a sequence item has no key).
 */
export interface PositionStore {
  offsets: number[];
  /** Large mappings have a key index; small ones the offset of their first pair (keys in order). */
  maps: WeakMap<object, Map<string, number> | number>;
  seqs: WeakMap<object, number>;
}

/**
 * The `locate` of a fast-path document, with the semantics of `createLocator` (locate.ts)
 * for documents without empty values: a missing segment gives the key of the deepest
 * segment found.
 */
export function createCompactLocator(
  text: string,
  file: string,
  store: PositionStore,
  root: { value: unknown; start: number },
): Locate {
  const offsets = Int32Array.from(store.offsets);
  const lineStarts = findLineStarts(text);
  const { maps, seqs } = store;
  const at = (offset: number): SourceRef => {
    const { line, col } = linePos(lineStarts, offset);
    return { file, line, col };
  };
  // The nodes of the last path found: callers locate many paths with a common prefix.
  const last: { segment: string | number; value: unknown; index: number }[] = [];
  return (path: NodePath, part: 'key' | 'value' = 'value') => {
    let depth = 0;
    while (depth < path.length && depth < last.length && last[depth]!.segment === path[depth]) {
      depth += 1;
    }
    last.length = depth;
    let node = depth === 0 ? root.value : last[depth - 1]!.value;
    for (; depth < path.length; depth += 1) {
      const segment = path[depth]!;
      const pair = pairOf(node, segment, maps, seqs);
      if (pair === undefined) break;
      last.push({ segment, value: pair.value, index: pair.index });
      node = pair.value;
    }
    const found = last.at(-1);
    if (found === undefined) return at(root.start);
    if (depth < path.length || part === 'key') return at(offsets[found.index]!);
    return at(offsets[found.index + 1]!);
  };
}

function pairOf(
  node: unknown,
  segment: string | number,
  maps: PositionStore['maps'],
  seqs: PositionStore['seqs'],
): { value: unknown; index: number } | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  if (Array.isArray(node)) {
    const base = seqs.get(node);
    const index = typeof segment === 'number' ? segment : Number(segment);
    if (base === undefined || !Number.isInteger(index) || index < 0 || index >= node.length) {
      return undefined;
    }
    return { value: node[index] as unknown, index: base + 2 * index };
  }
  const key = String(segment);
  const entry = maps.get(node);
  const index = typeof entry === 'number' ? indexInOrder(node, key, entry) : entry?.get(key);
  if (index === undefined) return undefined;
  return { value: (node as Record<string, unknown>)[key], index };
}

/** The pair of `key` in a small mapping whose own keys enumerate in YAML order. */
function indexInOrder(node: object, key: string, base: number): number | undefined {
  let index = base;
  for (const own of Object.keys(node)) {
    if (own === key) return index;
    index += 2;
  }
  return undefined;
}

/** The offset of every line start: 0 and the offset after each line feed. */
function findLineStarts(text: string): Int32Array {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return Int32Array.from(starts);
}

/** The 1-based line and column of an offset, exactly as yaml's `LineCounter.linePos`. */
function linePos(starts: Int32Array, offset: number): { line: number; col: number } {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  if (starts[low] === offset) return { line: low + 1, col: 1 };
  if (low === 0) return { line: 0, col: offset };
  return { line: low, col: offset - starts[low - 1]! + 1 };
}
