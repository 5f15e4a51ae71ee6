import type { CurrentProject, CurrentRole, CurrentState, CurrentUser } from '../current/types.js';
import type { RoleName, Scope, UserName } from '../model/index.js';
import { makeScope } from './scope.js';

/** The current state by name: what the planner compares and the ids operations need. */
export interface PlanIndex {
  users: Map<UserName, CurrentUser>;
  roles: Map<RoleName, CurrentRole>;
  projects: Map<string, CurrentProject>;
  /** username → role name → scope as held on the server (project names, sorted). */
  held: Map<UserName, Map<RoleName, Scope>>;
  isOpen: (project: string) => boolean;
}

export function indexForPlan(current: CurrentState): PlanIndex {
  const userById = new Map(current.users.map((u) => [u.id, u]));
  const roleById = new Map(current.roles.map((r) => [r.id, r]));
  const projectById = new Map(current.projects.map((p) => [p.id, p]));
  const held = new Map<UserName, Map<RoleName, Scope>>();
  for (const a of current.assignments) {
    const user = userById.get(a.userId);
    const role = roleById.get(a.roleId);
    if (user === undefined || role === undefined) continue;
    const names = a.projectIds.flatMap((id) => {
      const project = projectById.get(id);
      return project === undefined ? [] : [project.name];
    });
    const roles = held.get(user.username) ?? new Map<RoleName, Scope>();
    held.set(user.username, roles);
    roles.set(role.name, makeScope(a.allOpen, names));
  }
  const projects = new Map(current.projects.map((p) => [p.name, p]));
  return {
    users: new Map(current.users.map((u) => [u.username, u])),
    roles: new Map(current.roles.map((r) => [r.name, r])),
    projects,
    held,
    isOpen: (name) => projects.get(name)?.isPrivate === false,
  };
}
