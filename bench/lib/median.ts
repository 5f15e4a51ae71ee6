/** The median of `values` (the lower middle one of an even count: always a measured value). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** The item whose `value` is the median of all items' (the first such item). */
export function medianBy<T>(items: readonly T[], value: (item: T) => number): T {
  const middle = median(items.map(value));
  return items.find((item) => value(item) === middle)!;
}
