import { indexKeyed, newStore, SMALL_MAP, type PositionStore } from './fast-locate.js';

/**
 * Records the collections of a document into its position store as a reader closes them,
 * innermost first: a collection's pairs (key and value offsets; an item's two are its own)
 * and then its entry in the store, so that its pairs are consecutive (fast-locate.ts). The
 * collections being read keep their part on three stacks, each filled up to its top.
 */
export class StoreRecorder {
  private store: PositionStore = newStore();
  private readonly pairs: number[] = [];
  private pairTop = 0;
  private readonly keys: string[] = [];
  private keyTop = 0;
  private readonly items: unknown[] = [];
  private itemTop = 0;

  /** Starts recording into a store (a recorder is reused, document after document). */
  begin(store: PositionStore): void {
    this.store = store;
    this.pairTop = this.keyTop = this.itemTop = 0;
  }

  /** Lets go of the store and of the values read. */
  done(): void {
    this.store = newStore();
    this.pairs.length = 0;
    this.keys.length = 0;
    this.items.length = 0;
  }

  /** Where a collection that starts now has its pairs: the `mark` its close is given. */
  mark(): number {
    return this.pairTop;
  }

  pushPair(keyAt: number, valueAt: number, key: string): void {
    this.pairs[this.pairTop++] = keyAt;
    this.pairs[this.pairTop++] = valueAt;
    this.keys[this.keyTop++] = key;
  }

  pushItem(at: number, value: unknown): void {
    this.pairs[this.pairTop++] = at;
    this.pairs[this.pairTop++] = at;
    this.items[this.itemTop++] = value;
  }

  /** The items pushed since `mark`, as a list of their number, its positions stored. */
  closeSequence(mark: number): unknown[] {
    const first = this.itemTop - (this.pairTop - mark) / 2;
    const value = this.items.slice(first, this.itemTop);
    this.itemTop = first;
    this.store.seqs.set(value, this.movePairs(mark));
    return value;
  }

  /** A mapping read, its positions stored: in key order, indexed when large or numbered. */
  closeMapping(map: Record<string, unknown>, mark: number): object {
    const { keys } = this;
    const count = (this.pairTop - mark) / 2;
    const first = this.keyTop - count;
    const base = this.movePairs(mark);
    let indexed = count > SMALL_MAP;
    for (let i = first; i < this.keyTop && !indexed; i += 1) indexed = indexKeyed(keys[i]);
    let index: Map<string, number> | undefined;
    if (indexed) {
      index = new Map();
      for (let i = 0; i < count; i += 1) index.set(keys[first + i]!, base + 2 * i);
    }
    this.keyTop = first;
    this.store.maps.set(map, index ?? base);
    return map;
  }

  /** Moves the pairs from `mark` on to the store; the index of the first. */
  private movePairs(mark: number): number {
    const { offsets } = this.store;
    const { pairs } = this;
    const base = offsets.length;
    for (let i = mark; i < this.pairTop; i += 2) offsets.push(pairs[i]!, pairs[i + 1]!);
    this.pairTop = mark;
    return base;
  }
}
