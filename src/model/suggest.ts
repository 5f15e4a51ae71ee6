/**
 * "Did you mean": the one way ftrack-roles suggests a name for a misspelt one, in the
 * config's messages (unknown keys, values, catalogue roles) and at plan time (unknown users,
 * roles, projects, ftrack groups). Names are compared case-insensitively by edit distance,
 * a transposition counting as one edit; the closest candidate within max(2, a third of the
 * name's length) edits is suggested, the alphabetically first on a tie. A candidate equal
 * to the name is no suggestion; one that differs only in case is the best one.
 */

/** The candidate closest to `name`, when it is close enough to be a typo. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance > limit) continue;
    if (distance < bestDistance || (distance === bestDistance && candidate < best!)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * ` (did you mean "x"?)`, to append to a message's summary, or the empty string. `quote`
 * is the quotation mark the message uses for names.
 */
export function didYouMean(
  name: string,
  candidates: Iterable<string>,
  quote: '"' | "'" = '"',
): string {
  const match = closestName(name, candidates);
  return match === undefined ? '' : ` (did you mean ${quote}${match}${quote}?)`;
}

/**
 * Edit distance with transpositions of neighbours counted as one edit (optimal string
 * alignment). Strings whose lengths differ by more than 8 are at least that far apart: the
 * difference is returned without the quadratic work.
 */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Math.abs(a.length - b.length);
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previous2[j - 2]! + 1);
      }
      current.push(value);
    }
    previous2 = previous;
    previous = current;
  }
  return previous[b.length]!;
}
