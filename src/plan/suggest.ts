/**
 * "Did you mean" for unknown names: the closest candidate by edit distance
 * (case-insensitive Levenshtein), when it is close enough to be a likely typo.
 */

export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= y.length; j += 1) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row.push(Math.min(row[j - 1]! + 1, previous[j]! + 1, previous[j - 1]! + cost));
    }
    previous = row;
  }
  return previous[y.length]!;
}

/** The closest candidate within max(2, a third of the name's length) edits, if any. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (
      distance < bestDistance ||
      (distance === bestDistance && best !== undefined && candidate < best)
    ) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** A fix hint naming the closest candidate, or a generic one. */
export function didYouMeanHint(
  name: string,
  candidates: Iterable<string>,
  fallback: string,
): string {
  const guess = closestName(name, candidates);
  return guess === undefined ? fallback : `Did you mean "${guess}"?`;
}
