import { createHash } from 'node:crypto';
import { compareStrings } from '../model/index.js';
import type { CurrentAssignment, CurrentState } from './types.js';

/**
 * The canonical form a plan depends on: roles (id, name, type), projects (id, name,
 * is_private) and, for each managed username that exists, its id, is_active and
 * assignments (role id, all_open, sorted project ids). Everything sorted, so the row order
 * of the server does not matter.
 */
export function canonicalState(
  state: CurrentState,
  managed: ReadonlySet<string>,
): Record<string, unknown> {
  const roles = state.roles
    .map((r) => [r.id, r.name, r.type] as const)
    .sort((a, b) => compareStrings(a[0], b[0]));
  const projects = state.projects
    .map((p) => [p.id, p.name, p.isPrivate] as const)
    .sort((a, b) => compareStrings(a[0], b[0]));
  const byUser = new Map<string, CurrentAssignment[]>();
  for (const assignment of state.assignments) {
    const list = byUser.get(assignment.userId);
    if (list === undefined) byUser.set(assignment.userId, [assignment]);
    else list.push(assignment);
  }
  const users = state.users
    .filter((u) => managed.has(u.username))
    .sort((a, b) => compareStrings(a.username, b.username) || compareStrings(a.id, b.id))
    .map((user) => {
      const assignments = (byUser.get(user.id) ?? [])
        .map((a) => [a.roleId, a.allOpen, [...new Set(a.projectIds)].sort(compareStrings)] as const)
        .sort((a, b) => compareStrings(a[0], b[0]));
      return [user.username, user.id, user.isActive, assignments] as const;
    });
  return { v: 1, roles, projects, users };
}

/** `sha256:<hex>` over the canonical form of the state (see canonicalState). */
export function computeStateDigest(state: CurrentState, managed: ReadonlySet<string>): string {
  const json = JSON.stringify(canonicalState(state, managed));
  return `sha256:${createHash('sha256').update(json).digest('hex')}`;
}
