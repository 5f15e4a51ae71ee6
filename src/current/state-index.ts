import type {
  CurrentAssignment,
  CurrentGroup,
  CurrentProject,
  CurrentRole,
  CurrentState,
  CurrentUser,
} from './types.js';

/** Lookups over a CurrentState, built once (pure). Names are unique on an ftrack server. */
export interface CurrentStateIndex {
  state: CurrentState;
  usersById: ReadonlyMap<string, CurrentUser>;
  usersByName: ReadonlyMap<string, CurrentUser>;
  projectsById: ReadonlyMap<string, CurrentProject>;
  projectsByName: ReadonlyMap<string, CurrentProject>;
  rolesById: ReadonlyMap<string, CurrentRole>;
  rolesByName: ReadonlyMap<string, CurrentRole>;
  /** A user's assignments, sorted by role id. */
  assignmentsByUserId: ReadonlyMap<string, readonly CurrentAssignment[]>;
  groupsById: ReadonlyMap<string, CurrentGroup>;
  groupsByName: ReadonlyMap<string, CurrentGroup>;
  /** The assignment of one role to one user, if held. */
  assignmentOf(userId: string, roleId: string): CurrentAssignment | undefined;
}

function mapBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(key(item))) map.set(key(item), item);
  return map;
}

export function indexCurrentState(state: CurrentState): CurrentStateIndex {
  const assignmentsByUserId = new Map<string, CurrentAssignment[]>();
  const byPair = new Map<string, CurrentAssignment>();
  for (const assignment of state.assignments) {
    const list = assignmentsByUserId.get(assignment.userId) ?? [];
    list.push(assignment);
    assignmentsByUserId.set(assignment.userId, list);
    byPair.set(`${assignment.userId}\u0000${assignment.roleId}`, assignment);
  }
  for (const list of assignmentsByUserId.values()) {
    list.sort((a, b) => (a.roleId < b.roleId ? -1 : a.roleId > b.roleId ? 1 : 0));
  }
  const groups = state.groups ?? [];
  return {
    state,
    usersById: mapBy(state.users, (u) => u.id),
    usersByName: mapBy(state.users, (u) => u.username),
    projectsById: mapBy(state.projects, (p) => p.id),
    projectsByName: mapBy(state.projects, (p) => p.name),
    rolesById: mapBy(state.roles, (r) => r.id),
    rolesByName: mapBy(state.roles, (r) => r.name),
    assignmentsByUserId,
    groupsById: mapBy(groups, (g) => g.id),
    groupsByName: mapBy(groups, (g) => g.name),
    assignmentOf: (userId, roleId) => byPair.get(`${userId}\u0000${roleId}`),
  };
}
