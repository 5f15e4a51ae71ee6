import type { CurrentProject } from '../current/types.js';
import type { DesiredGrant } from '../desired/types.js';
import { formatSource } from '../model/index.js';
import { isGlob } from '../model/glob.js';
import { expandProjectGlob } from '../plan/index.js';
import type { ExplainSource } from './explain-types.js';

/** What one desired grant asks for: all open projects and projects, each with its sources. */
export interface DesiredParts {
  allOpen: ExplainSource[];
  /** Server project name → the sources reaching it (through its name or a glob). */
  projects: Map<string, ExplainSource[]>;
  /** Plain names the server does not have → sources. */
  unknown: Map<string, ExplainSource[]>;
  /** Globs matching no project → sources. */
  unmatched: Map<string, ExplainSource[]>;
}

/**
 * Expands a desired grant over the server's projects with the planner's rule
 * (expandProjectGlob): a glob reaches open projects only, a private project only its name.
 */
export function expandGrant(
  grant: DesiredGrant,
  projects: readonly CurrentProject[],
): DesiredParts {
  const names = projects.map((p) => p.name);
  const known = new Set(names);
  const parts: DesiredParts = {
    allOpen: grant.allOpen.map((ref) => ({ source: formatSource(ref) })),
    projects: new Map(),
    unknown: new Map(),
    unmatched: new Map(),
  };
  const add = (map: Map<string, ExplainSource[]>, key: string, sources: ExplainSource[]) =>
    map.set(key, [...(map.get(key) ?? []), ...sources]);
  for (const [pattern, refs] of grant.projects) {
    const glob = isGlob(pattern);
    const sources = refs.map((ref) => ({
      source: formatSource(ref),
      ...(glob ? { pattern } : {}),
    }));
    if (!glob) {
      add(known.has(pattern) ? parts.projects : parts.unknown, pattern, sources);
      continue;
    }
    const { reached, leftOut } = expandProjectGlob(pattern, projects);
    if (reached.length === 0 && leftOut.length === 0) add(parts.unmatched, pattern, sources);
    for (const name of reached) add(parts.projects, name, sources);
  }
  return parts;
}
