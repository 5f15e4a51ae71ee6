import type { CurrentProject } from '../current/types.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { isGlob, matchNames } from '../model/glob.js';
import { didYouMean } from '../model/suggest.js';
import { compareStrings, formatSource, type SourceRef } from '../model/index.js';
import { PLAN_CODES } from './codes.js';
import type { PlanGlob } from './types.js';

export interface ProjectResolver {
  /** Project names a name or glob stands for; reports unknown names and empty globs. */
  expand(pattern: string, sources: readonly SourceRef[]): string[];
  /** Every glob expanded so far, one entry per (pattern, source), sorted. */
  globs(): PlanGlob[];
}

/** Expands project globs over the server's project names (model/glob.ts) and checks names. */
export function createProjectResolver(
  projects: readonly CurrentProject[],
  report: (diagnostic: Diagnostic) => void,
): ProjectResolver {
  const names = projects.map((p) => p.name).sort(compareStrings);
  const known = new Set(names);
  const globs = new Map<string, { glob: PlanGlob; ref: SourceRef }>();
  const matchedBy = new Map<string, string[]>();
  const globness = new Map<string, boolean>(); // scanned once per pattern
  const isProjectGlob = (pattern: string): boolean => {
    let glob = globness.get(pattern);
    if (glob === undefined) globness.set(pattern, (glob = isGlob(pattern)));
    return glob;
  };

  function expandGlob(pattern: string, sources: readonly SourceRef[]): string[] {
    let matched = matchedBy.get(pattern);
    if (matched === undefined) {
      matched = matchNames(pattern, names);
      matchedBy.set(pattern, matched);
    }
    for (const ref of sources) {
      const source = formatSource({ ...ref, group: undefined });
      const key = `${pattern}\u0000${source}`;
      if (globs.has(key)) continue;
      globs.set(key, { glob: { pattern, source, matched }, ref });
      if (matched.length === 0) {
        report({
          severity: 'warning',
          code: PLAN_CODES.globMatchesNothing,
          summary: `The project glob "${pattern}" matches no project on the server`,
          hint: 'Check the pattern, or remove it if the projects are gone.',
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
