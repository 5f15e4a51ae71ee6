import type { CurrentState } from './types.js';
import type { Catalog } from './catalog-types.js';

/**
 * The minimal current state the planner's resolver needs, made from a catalogue: names,
 * flags and group memberships, with the names as ids and no role assignments. Lets
 * `validate --catalog` reuse the plan-time checks (FR40x) without a server.
 */
export function catalogToCurrentState(catalog: Catalog): CurrentState {
  const groupId = (name: string) => `group:${name}`;
  return {
    server: catalog.server,
    users: catalog.users.map((u) => ({
      id: `user:${u.username}`,
      username: u.username,
      isActive: u.is_active,
    })),
    projects: catalog.projects.map((p) => ({
      id: `project:${p.name}`,
      name: p.name,
      fullName: p.name,
      isPrivate: p.is_private,
      status: 'active',
    })),
    roles: catalog.roles.map((r) => ({ id: `role:${r.name}`, name: r.name, type: r.type })),
    assignments: [],
    groups: catalog.groups.map((g) => ({
      id: groupId(g.name),
      name: g.name,
      parentId: g.parent === null ? null : groupId(g.parent),
      memberUserIds: g.members.map((m) => `user:${m}`),
    })),
  };
}
