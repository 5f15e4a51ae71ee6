import type { CurrentProject } from '../current/types.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { isGlob, matchNames } from '../model/glob.js';
import { didYouMean } from '../model/suggest.js';
import { compareStrings, formatSource, listed, type SourceRef } from '../model/index.js';
import { PLAN_CODES } from './codes.js';
import type { PlanGlob } from './types.js';

export interface ProjectResolver {
  /** Project names a name or glob stands for; reports unknown names and empty globs. */
  expand(pattern: string, sources: readonly SourceRef[]): string[];
  /** Every glob expanded so far, one entry per (pattern, source), sorted. */
  globs(): PlanGlob[];
}

/** What a project glob reaches, and the private projects it matched but does not reach. */
export interface GlobReach {
  /** Open projects whose names match, in the order given. */
  reached: string[];
  /** Private projects whose names match: a private project is reached only by its name. */
  leftOut: string[];
}

/**
 * The one rule of project globs: a glob (model/glob.ts) reaches the open projects whose
 * names it matches; a private project is reached only by its exact name.
 */
export function expandProjectGlob(
  pattern: string,
  projects: readonly Pick<CurrentProject, 'name' | 'isPrivate'>[],
): GlobReach {
  const matched = new Set(
    matchNames(
      pattern,
      projects.map((p) => p.name),
    ),
  );
  const reach: GlobReach = { reached: [], leftOut: [] };
  for (const p of projects) {
    if (matched.has(p.name)) (p.isPrivate ? reach.leftOut : reach.reached).push(p.name);
  }
  return reach;
}

/** Expands project globs over the server's project names (model/glob.ts) and checks names. */
export function createProjectResolver(
  projects: readonly CurrentProject[],
  report: (diagnostic: Diagnostic) => void,
): ProjectResolver {
  const sorted = [...projects].sort((a, b) => compareStrings(a.name, b.name));
  const names = sorted.map((p) => p.name);
  const known = new Set(names);
  const globs = new Map<string, { glob: PlanGlob; ref: SourceRef }>();
  const reachOf = new Map<string, GlobReach>();
  const globness = new Map<string, boolean>(); // scanned once per pattern
  const isProjectGlob = (pattern: string): boolean => {
    let glob = globness.get(pattern);
    if (glob === undefined) globness.set(pattern, (glob = isGlob(pattern)));
    return glob;
  };

  function expandGlob(pattern: string, sources: readonly SourceRef[]): string[] {
    let reach = reachOf.get(pattern);
    if (reach === undefined) {
      reach = expandProjectGlob(pattern, sorted);
      reachOf.set(pattern, reach);
    }
    const { reached: matched, leftOut } = reach;
    for (const ref of sources) {
      const source = formatSource({ ...ref, group: undefined });
      const key = `${pattern}\u0000${source}`;
      if (globs.has(key)) continue;
      globs.set(key, { glob: { pattern, source, matched }, ref });
      if (matched.length === 0 && leftOut.length === 0) {
        report({
          severity: 'warning',
          code: PLAN_CODES.globMatchesNothing,
          summary: `The project glob "${pattern}" matches no project on the server`,
          hint: 'Check the pattern, or remove it if the projects are gone.',
          source: ref,
        });
      }
      if (leftOut.length > 0) {
        const one = leftOut.length === 1;
        report({
          severity: 'info',
          code: PLAN_CODES.globLeavesOutPrivate,
          summary: `The project glob "${pattern}" leaves out the private project${one ? '' : 's'} ${listed(leftOut)}: a private project is reached only by its name`,
          hint: `Name ${one ? 'it' : 'them'} in the list to grant ${one ? 'it' : 'them'}.`,
          source: ref,
        });
      }
    }
    return matched;
  }

  return {
    expand(pattern, sources) {
      if (isProjectGlob(pattern)) return expandGlob(pattern, sources);
      if (known.has(pattern)) return [pattern];
      for (const ref of sources) {
        report({
          severity: 'error',
          code: PLAN_CODES.unknownProject,
          summary: `Unknown project "${pattern}": the server has no project with this name${didYouMean(pattern, names)}`,
          hint: 'Use the project name (not its full name).',
          source: ref,
        });
      }
      return [];
    },
    globs() {
      return [...globs.values()]
        .sort(
          (a, b) =>
            compareStrings(a.ref.file, b.ref.file) ||
            a.ref.line - b.ref.line ||
            a.ref.col - b.ref.col ||
            compareStrings(a.glob.pattern, b.glob.pattern),
        )
        .map((entry) => entry.glob);
    },
  };
}
