import type { CurrentDirectory } from '../current/types.js';
import type { DesiredUser } from '../desired/types.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { quoteName, skeleton } from '../model/confusable.js';
import { isGlob } from '../model/glob.js';
import type { SourceRef } from '../model/index.js';
import { PLAN_CODES } from './codes.js';

/**
 * FR413 (warning): a user, role or project named in the config that looks like another one
 * of the server (the same skeleton, model/confusable.ts: letter case, another alphabet's
 * look-alike letters, invisible characters). `аna` with a Cyrillic `а` would otherwise be
 * granted Administrator with a plan that reads exactly like a grant to `ana`.
 */
export function findLookAlikes(
  users: ReadonlyMap<string, DesiredUser>,
  current: CurrentDirectory,
  report: (diagnostic: Diagnostic) => void,
): void {
  const check = lookAlikeCheck(report);
  const serverUsers = bySkeleton(current.users.map((u) => u.username));
  const serverRoles = bySkeleton(current.roles.map((r) => r.name));
  const serverProjects = bySkeleton(current.projects.map((p) => p.name));
  for (const [username, user] of users) {
    check('User', 'user', username, serverUsers, user.sources.slice(0, 1));
    for (const [role, grant] of user.roles) {
      check('Role', 'role', role, serverRoles, grant.sources);
      for (const [project, refs] of grant.projects) {
        if (!isGlob(project)) check('Project', 'project', project, serverProjects, refs);
      }
    }
  }
}

function lookAlikeCheck(report: (diagnostic: Diagnostic) => void) {
  const reported = new Set<string>();
  // Role and project names repeat across thousands of users: each is looked up once.
  const looked = new Map<string, string[]>();
  return (
    label: string,
    kind: string,
    name: string,
    server: ReadonlyMap<string, string[]>,
    sources: readonly SourceRef[],
  ): void => {
    const key = `${kind}\u0000${name}`;
    let others = looked.get(key);
    if (others === undefined) {
      others = (server.get(skeleton(name)) ?? []).filter((other) => other !== name);
      looked.set(key, others);
    }
    if (others.length === 0) return;
    for (const source of sources) {
      const at = `${key}\u0000${source.file}:${source.line}:${source.col}`;
      if (reported.has(at)) continue;
      reported.add(at);
      report({
        severity: 'warning',
        code: PLAN_CODES.lookAlikeName,
        summary: `${label} ${quoteName(name)} looks like the server's ${kind} ${others.map(quoteName).join(', ')}`,
        hint: 'Check that the config means this one: names that look alike (letter case, letters of another alphabet) are easy to mix up.',
        source,
      });
    }
  };
}

function bySkeleton(names: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const name of names) {
    const key = skeleton(name);
    const list = map.get(key);
    if (list === undefined) map.set(key, [name]);
    else list.push(name);
  }
  return map;
}
