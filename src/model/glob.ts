import picomatch from 'picomatch/posix.js';

/**
 * The one glob rule of ftrack-roles, for every pattern over names: `settings.ignore_users`,
 * the project lists of scopes (`show_*`), and `export --users`. Documented in
 * docs/format.md ("Names and globs").
 *
 * - A pattern with `*`, `?`, `[...]` or `{a,b}` is a glob over the whole name (picomatch;
 *   `*` also matches dots). Any other pattern is a plain name, compared exactly.
 * - A leading `!` (negation in some glob dialects) is not supported anywhere: such a
 *   pattern is an error (FR314 in a config, a usage error for `export --users`), because
 *   "everyone but" in a list of names to ignore or to grant is a trap. Should it reach a
 *   matcher anyway, the `!` is an ordinary character, never a negation.
 */
const OPTIONS = { dot: true, nonegate: true } as const;

/** True when a pattern is a glob, not a plain name. */
export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern, OPTIONS).isGlob;
}

/** True when a pattern starts with `!`, the negation that is refused everywhere. */
export function isNegated(pattern: string): boolean {
  return pattern.startsWith('!');
}

type NameMatcher = (name: string) => boolean;

interface CachedMatcher {
  key: string;
  match: NameMatcher;
}

const matchers = new WeakMap<readonly string[], CachedMatcher>();

/**
 * A predicate: does a name match any of the patterns (plain names match themselves)?
 * Compiled once per list (cached for the list object and its current content), so that
 * callers asking user by user do not compile the globs again.
 */
export function globMatcher(patterns: readonly string[]): NameMatcher {
  const key = patterns.join('\u0000');
  const cached = matchers.get(patterns);
  if (cached !== undefined && cached.key === key) return cached.match;
  const match = compile(patterns);
  matchers.set(patterns, { key, match });
  return match;
}

function compile(patterns: readonly string[]): NameMatcher {
  if (patterns.length === 0) return () => false;
  const names = new Set(patterns.filter((p) => !isGlob(p)));
  const globs = patterns.filter((p) => isGlob(p));
  if (globs.length === 0) return (name) => names.has(name);
  const glob = picomatch(globs, OPTIONS);
  return (name) => names.has(name) || glob(name);
}

/** The patterns of a list that match a name, in list order. */
export function matchingGlobs(name: string, patterns: readonly string[]): string[] {
  return patterns.filter((pattern) => globMatcher([pattern])(name));
}

/** The names a pattern stands for among `names`, in their order. */
export function matchNames(pattern: string, names: readonly string[]): string[] {
  const match = globMatcher([pattern]);
  return names.filter((name) => match(name));
}
