import { compareStrings } from './names.js';
import type { SourceRef } from './source.js';

/**
 * The projects (names or globs) of a desired grant and the sources asking for each: a
 * read-only map, sorted by name, each name's sources in file order without repeats.
 *
 * It is stored flat, four slots an item in one array, because a large studio's config has
 * hundreds of thousands of project items: a Map per grant, an array and a source object
 * per item cost about 120 bytes an item and made up half of the desired state's memory at
 * 50,000 users; this costs 32. The sources are made when read. `add` appends in any order;
 * the first read sorts.
 */
export class ProjectSources implements ReadonlyMap<string, readonly SourceRef[]> {
  /**
   * `[name, origin, line, col, …]`, sorted by name, then source, once read. `origin` is
   * the file, or the whole source when it has more than a position (a group). Public so
   * that deep comparisons (tests) see the content.
   */
  items: (string | number | SourceRef)[];
  /** Slots filled: `items` may be made longer up front (see the constructor). */
  #filled = 0;
  #sorted = true;

  /** `expected`: how many items will be added, so that the array is made at its size once. */
  constructor(expected = 0) {
    this.items = expected > 0 ? new Array<string | number | SourceRef>(SLOTS * expected) : [];
  }

  get [Symbol.toStringTag](): string {
    return 'ProjectSources';
  }

  /** The sources of an existing map (sorted, repeats dropped). */
  static from(entries: Iterable<readonly [string, readonly SourceRef[]]>): ProjectSources {
    const sources = new ProjectSources();
    for (const [name, refs] of entries) for (const ref of refs) sources.add(name, ref);
    return sources;
  }

  add(name: string, source: SourceRef): void {
    const origin = source.group === undefined ? source.file : source;
    const at = this.#filled;
    this.#filled += SLOTS;
    if (this.#filled <= this.items.length) {
      this.items[at] = name;
      this.items[at + 1] = origin;
      this.items[at + 2] = source.line;
      this.items[at + 3] = source.col;
    } else this.items.push(name, origin, source.line, source.col);
    this.#sorted = false;
  }

  get size(): number {
    return [...this.keys()].length;
  }

  has(name: string): boolean {
    return this.#first(name) !== undefined;
  }

  get(name: string): readonly SourceRef[] | undefined {
    const first = this.#first(name);
    if (first === undefined) return undefined;
    const refs: SourceRef[] = [];
    const items = this.items;
    for (let i = first; i < items.length && items[i] === name; i += SLOTS) {
      refs.push(sourceAt(items, i));
    }
    return refs;
  }

  *entries(): MapIterator<[string, readonly SourceRef[]]> {
    this.#sort();
    const items = this.items;
    for (let i = 0; i < items.length;) {
      const name = items[i] as string;
      const refs: SourceRef[] = [];
      for (; i < items.length && items[i] === name; i += SLOTS) refs.push(sourceAt(items, i));
      yield [name, refs];
    }
  }

  *keys(): MapIterator<string> {
    this.#sort();
    const items = this.items;
    for (let i = 0; i < items.length; i += SLOTS) {
      if (i === 0 || items[i] !== items[i - SLOTS]) yield items[i] as string;
    }
  }

  *values(): MapIterator<readonly SourceRef[]> {
    for (const [, refs] of this.entries()) yield refs;
  }

  [Symbol.iterator](): MapIterator<[string, readonly SourceRef[]]> {
    return this.entries();
  }

  forEach(
    callback: (
      value: readonly SourceRef[],
      key: string,
      map: ReadonlyMap<string, readonly SourceRef[]>,
    ) => void,
  ): void {
    for (const [name, refs] of this.entries()) callback(refs, name, this);
  }

  /** The index of the first item of `name`, by binary search. */
  #first(name: string): number | undefined {
    this.#sort();
    const items = this.items;
    let low = 0;
    let high = items.length / SLOTS;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareStrings(items[SLOTS * middle] as string, name) < 0) low = middle + 1;
      else high = middle;
    }
    const at = SLOTS * low;
    return at < items.length && items[at] === name ? at : undefined;
  }

  /** Sorts the items by name and source, dropping repeated sources of a name. */
  #sort(): void {
    if (this.#sorted) return;
    this.#sorted = true;
    this.items.length = this.#filled; // nothing is left unfilled once read
    const items = this.items;
    if (inOrder(items)) return;
    const order = Array.from({ length: items.length / SLOTS }, (_, i) => SLOTS * i);
    order.sort((a, b) => compareItems(items, a, items, b));
    const sorted: (string | number | SourceRef)[] = [];
    for (const i of order) {
      const last = sorted.length - SLOTS;
      if (last >= 0 && compareItems(sorted, last, items, i) === 0) continue;
      sorted.push(items[i]!, items[i + 1]!, items[i + 2]!, items[i + 3]!);
    }
    this.items = sorted.slice(); // exactly as long as it needs to be
    this.#filled = this.items.length;
  }
}

/**
 * The projects of a grant that has none (a grant on all open projects only): one shared,
 * empty instance. It refuses items; a builder replaces it before adding any.
 */
class NoProjects extends ProjectSources {
  override add(): void {
    throw new Error('internal: NO_PROJECTS is shared and takes no project');
  }
}

export const NO_PROJECTS: ProjectSources = new NoProjects();

/** Slots an item takes in `items`. */
const SLOTS = 4;

type Items = readonly (string | number | SourceRef)[];

function sourceAt(items: Items, i: number): SourceRef {
  const origin = items[i + 1]!;
  if (typeof origin !== 'string') return origin as SourceRef;
  return { file: origin, line: items[i + 2] as number, col: items[i + 3] as number };
}

/** Item order: name, then source (compareSources, without making the sources). */
function compareItems(a: Items, i: number, b: Items, j: number): number {
  const byName = compareStrings(a[i] as string, b[j] as string);
  if (byName !== 0) return byName;
  const originA = a[i + 1] as string | SourceRef;
  const originB = b[j + 1] as string | SourceRef;
  return (
    compareStrings(fileOf(originA), fileOf(originB)) ||
    (a[i + 2] as number) - (b[j + 2] as number) ||
    (a[i + 3] as number) - (b[j + 3] as number) ||
    compareStrings(groupOf(originA), groupOf(originB))
  );
}

const fileOf = (origin: string | SourceRef): string =>
  typeof origin === 'string' ? origin : origin.file;
const groupOf = (origin: string | SourceRef): string =>
  typeof origin === 'string' ? '' : (origin.group ?? '');

/** True when the items are sorted by name, then source, without a repeated source. */
function inOrder(items: Items): boolean {
  for (let i = SLOTS; i < items.length; i += SLOTS) {
    if (compareItems(items, i - SLOTS, items, i) >= 0) return false;
  }
  return true;
}
