import type { CurrentState } from '../current/types.js';
import type { DesiredUser } from '../desired/types.js';
import { compareStrings, formatSource, type SourceRef } from '../model/index.js';
import { isGlob } from '../model/glob.js';
import type { DriftDifference } from './drift-types.js';

/**
 * What the config names that the server does not have: declared users missing on the
 * server (`unknown-user`), and, for managed users, project names (not globs) missing on
 * the server (`deleted-project`). `desiredUsers`: collectDesiredUsers' users. Pure.
 */
export function findDeclaredGaps(
  desiredUsers: ReadonlyMap<string, DesiredUser>,
  current: CurrentState,
  managed: ReadonlySet<string>,
): DriftDifference[] {
  const onServer = new Set(current.users.map((u) => u.username));
  const projects = new Set(current.projects.map((p) => p.name));
  const out: DriftDifference[] = [];
  const base = { action: null, reason: null, extra: null } as const;
  for (const [username, user] of desiredUsers) {
    if (!onServer.has(username)) {
      out.push({
        ...base,
        kind: 'unknown-user',
        user: username,
        role: null,
        missing: null,
        sources: formatAll(user.sources),
      });
      continue;
    }
    if (!managed.has(username)) continue;
    for (const [role, grant] of user.roles) {
      const gone = [...grant.projects].filter(([name]) => !isGlob(name) && !projects.has(name));
      if (gone.length === 0) continue;
      out.push({
        ...base,
        kind: 'deleted-project',
        user: username,
        role,
        missing: { all_open: false, projects: gone.map(([name]) => name).sort(compareStrings) },
        sources: formatAll(gone.flatMap(([, refs]) => refs)),
      });
    }
  }
  return out;
}

function formatAll(refs: readonly SourceRef[]): string[] {
  return [...new Set(refs.map(formatSource))];
}
