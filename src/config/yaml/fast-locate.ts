import type { SourceRef } from '../../model/index.js';
import type { Locate, LocateEntry, NodePath } from '../../model/document.js';

/**
 * The positions of a document read by the fast path, without any YAML tree: `offsets` holds
 * pairs (key offset, value offset); a mapping of the data maps each key to its pair, a
 * sequence to the pair of its first item (items are consecutive; both offsets are the
 * item's own, as a sequence item has no key). Maps, not WeakMaps: the store lives exactly
 * as long as the data (both are the document's), and V8 marks tens of thousands of
 * WeakMap entries (ephemerons) at a cost: a quarter more GC time at 10,000 users.
 */
export interface PositionStore {
  offsets: OffsetList;
  /** The offset of every line start, when the reader found them (else they are searched). */
  lineStarts?: OffsetList;
  /** Large mappings have a key index; small ones the offset of their first pair (keys in order). */
  maps: Map<object, Map<string, number> | number>;
  seqs: Map<object, number>;
}

/** An empty store. */
export function newStore(): PositionStore {
  return { offsets: new OffsetList(), maps: new Map(), seqs: new Map() };
}

/** Offsets appended (pair by pair) into an Int32Array that doubles as it fills. */
export class OffsetList {
  #values = new Int32Array(256);
  length = 0;

  push(key: number, value: number): void {
    if (this.length + 2 > this.#values.length) this.#grow();
    this.#values[this.length++] = key;
    this.#values[this.length++] = value;
  }

  /** Appends one offset. */
  add(offset: number): void {
    if (this.length + 1 > this.#values.length) this.#grow();
    this.#values[this.length++] = offset;
  }

  #grow(): void {
    const grown = new Int32Array(2 * this.#values.length);
    grown.set(this.#values);
    this.#values = grown;
  }

  /** The offsets, in an array of their number. */
  finish(): Int32Array {
    return this.#values.slice(0, this.length);
  }
}

/** Mappings up to this size are searched in key order instead of through a Map index. */
export const SMALL_MAP = 8;

/** Keys that objects enumerate before the others (array indexes), out of YAML order. */
export function indexKeyed(key: unknown): boolean {
  if (typeof key !== 'string') return false;
  const first = key.charCodeAt(0);
  return first >= 0x30 && first <= 0x39 && /^(?:0|[1-9][0-9]*)$/.test(key);
}

/**
 * The `locate` of a fast-path document, with the semantics of `createLocator` (locate.ts)
 * for documents without empty values: a missing segment gives the key of the deepest
 * segment found; and its `locateEntry`, which finds an entry from its mapping or list.
 */
export function createCompactLocator(
  text: string,
  file: string,
  store: PositionStore,
  root: { value: unknown; start: number },
): { locate: Locate; locateEntry: LocateEntry } {
  const offsets = store.offsets.finish();
  const lineStarts = store.lineStarts?.finish() ?? findLineStarts(text);
  const { maps, seqs } = store;
  const at = (offset: number): SourceRef => sourceAt(lineStarts, offset, file);
  // The nodes of the last path found: callers locate many paths with a common prefix.
  const last: { segment: string | number; value: unknown; index: number }[] = [];
  const locate = (path: NodePath, part: 'key' | 'value' = 'value') => {
    let depth = 0;
    while (depth < path.length && depth < last.length && last[depth]!.segment === path[depth]) {
      depth += 1;
    }
    last.length = depth;
    let node = depth === 0 ? root.value : last[depth - 1]!.value;
    for (; depth < path.length; depth += 1) {
      const segment = path[depth]!;
      const index = entryIndex(node, segment, maps, seqs);
      if (index < 0) break;
      node = entryValue(node, segment);
      last.push({ segment, value: node, index });
    }
    const found = last.at(-1);
    if (found === undefined) return at(root.start);
    if (depth < path.length || part === 'key') return at(offsets[found.index]!);
    return at(offsets[found.index + 1]!);
  };
  const locateEntry = (node: object, key: string | number, part: 'key' | 'value') => {
    const index = entryIndex(node, key, maps, seqs);
    return index < 0 ? undefined : at(offsets[part === 'key' ? index : index + 1]!);
  };
  return { locate, locateEntry };
}

/** The index in the store of an entry's pair (a mapping's key, a list's index), or -1. */
function entryIndex(
  node: unknown,
  segment: string | number,
  maps: PositionStore['maps'],
  seqs: PositionStore['seqs'],
): number {
  if (typeof node !== 'object' || node === null) return -1;
  if (Array.isArray(node)) {
    const base = seqs.get(node);
    const index = typeof segment === 'number' ? segment : Number(segment);
    if (base === undefined || !Number.isInteger(index) || index < 0 || index >= node.length) {
      return -1;
    }
    return base + 2 * index;
  }
  const key = String(segment);
  const entry = maps.get(node);
  const index = typeof entry === 'number' ? indexInOrder(node, key, entry) : entry?.get(key);
  return index ?? -1;
}

/** The value of an entry found by entryIndex. */
function entryValue(node: unknown, segment: string | number): unknown {
  if (Array.isArray(node)) return node[Number(segment)] as unknown;
  return (node as Record<string, unknown>)[String(segment)];
}

/** The pair of `key` in a small mapping whose own keys enumerate in YAML order. */
function indexInOrder(node: object, key: string, base: number): number | undefined {
  if (!Object.hasOwn(node, key)) return undefined;
  let index = base;
  // Own keys come first in a for-in, in the order of Object.keys (and it makes no array).
  for (const own in node) {
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
function sourceAt(starts: Int32Array, offset: number, file: string): SourceRef {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  if (starts[low] === offset) return { file, line: low + 1, col: 1 };
  if (low === 0) return { file, line: 0, col: offset };
  return { file, line: low, col: offset - starts[low - 1]! + 1 };
}
