import { compareStrings, type SourceRef } from '../model/index.js';

/**
 * The projects (names or globs) of a desired grant and the sources asking for each: a
 * read-only map, sorted by name, each name's sources in file order without repeats.
 *
 * It is stored flat, as (name, source) pairs in one array, because a large studio's config
 * has hundreds of thousands of project items: a Map per grant and an array per item cost
 * about 70 bytes an item, and made up a third of the desired state's memory at 50,000
 * users. `add` appends in any order; the first read sorts.
 */
export class ProjectSources implements ReadonlyMap<string, readonly SourceRef[]> {
  /**
   * (name, source) pairs, flat: `[name, source, name, source, …]`; sorted by name, then
   * source, once read. Public so that deep comparisons (tests) see the content.
   */
  pairs: (string | SourceRef)[] = [];
  #sorted = true;
  #size = 0;

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
    this.pairs.push(name, source);
    this.#sorted = false;
  }

  get size(): number {
    this.#sort();
    return this.#size;
  }

  has(name: string): boolean {
    return this.#first(name) !== undefined;
  }

  get(name: string): readonly SourceRef[] | undefined {
    const first = this.#first(name);
    if (first === undefined) return undefined;
    const refs: SourceRef[] = [];
    const pairs = this.pairs;
    for (let i = first; i < pairs.length && pairs[i] === name; i += 2) {
      refs.push(pairs[i + 1] as SourceRef);
    }
    return refs;
  }

  *entries(): MapIterator<[string, readonly SourceRef[]]> {
    this.#sort();
    const pairs = this.pairs;
    for (let i = 0; i < pairs.length;) {
      const name = pairs[i] as string;
      const refs: SourceRef[] = [];
      for (; i < pairs.length && pairs[i] === name; i += 2) refs.push(pairs[i + 1] as SourceRef);
      yield [name, refs];
    }
  }

  *keys(): MapIterator<string> {
    for (const [name] of this.entries()) yield name;
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

  /** The index of the first pair of `name`, by binary search. */
  #first(name: string): number | undefined {
    this.#sort();
    const pairs = this.pairs;
    let low = 0;
    let high = pairs.length / 2;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareStrings(pairs[2 * middle] as string, name) < 0) low = middle + 1;
      else high = middle;
    }
    return 2 * low < pairs.length && pairs[2 * low] === name ? 2 * low : undefined;
  }

  /** Sorts the pairs by name and source, dropping repeated sources of a name. */
  #sort(): void {
    if (this.#sorted) return;
    this.#sorted = true;
    const pairs = this.pairs;
    if (inOrder(pairs)) {
      this.#size = countNames(pairs);
      return;
    }
    const order = Array.from({ length: pairs.length / 2 }, (_, i) => i);
    const nameAt = (i: number) => pairs[2 * i] as string;
    const refAt = (i: number) => pairs[2 * i + 1] as SourceRef;
    order.sort(
      (a, b) => compareStrings(nameAt(a), nameAt(b)) || compareSources(refAt(a), refAt(b)),
    );
    const sorted: (string | SourceRef)[] = [];
    let size = 0;
    for (const i of order) {
      const name = nameAt(i);
      const ref = refAt(i);
      const last = sorted.length - 2;
      if (last >= 0 && sorted[last] === name) {
        if (compareSources(sorted[last + 1] as SourceRef, ref) === 0) continue;
      } else size += 1;
      sorted.push(name, ref);
    }
    this.pairs = sorted.slice(); // exactly as long as it needs to be
    this.#size = size;
  }
}

/** True when the pairs are sorted by name, then source, without a repeated source. */
function inOrder(pairs: readonly (string | SourceRef)[]): boolean {
  for (let i = 2; i < pairs.length; i += 2) {
    const byName = compareStrings(pairs[i - 2] as string, pairs[i] as string);
    if (byName > 0) return false;
    if (byName === 0 && compareSources(pairs[i - 1] as SourceRef, pairs[i + 1] as SourceRef) >= 0) {
      return false;
    }
  }
  return true;
}

function countNames(pairs: readonly (string | SourceRef)[]): number {
  let names = 0;
  for (let i = 0; i < pairs.length; i += 2) if (i === 0 || pairs[i] !== pairs[i - 2]) names += 1;
  return names;
}

/** Source order: file, line, column, then group (none first). */
export function compareSources(a: SourceRef, b: SourceRef): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.col - b.col ||
    compareStrings(a.group ?? '', b.group ?? '')
  );
}
