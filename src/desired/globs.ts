import picomatch from 'picomatch/posix.js';

const OPTIONS = { dot: true, nonegate: true } as const;

/** True when a project or user pattern is a glob (`*`, `?`, `[...]`, `{a,b}`), not a plain name. */
export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern, OPTIONS).isGlob;
}

/** A predicate: does a name match any of the globs (plain names match themselves)? */
export function createNameMatcher(globs: readonly string[]): (name: string) => boolean {
  if (globs.length === 0) return () => false;
  const match = picomatch([...globs], OPTIONS);
  return (name) => match(name);
}

/** The globs of `globs` that match `name`. */
export function matchingGlobs(name: string, globs: readonly string[]): string[] {
  return globs.filter((glob) => picomatch.isMatch(name, glob, OPTIONS));
}
