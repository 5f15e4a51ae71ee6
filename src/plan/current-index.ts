import type {
  CurrentAssignment,
  CurrentProject,
  CurrentRole,
  CurrentState,
  CurrentUser,
} from '../current/types.js';
import type { RoleName, Scope, UserName } from '../model/index.js';
import { makeScope } from './scope.js';

/** The current state by name: what the planner compares and the ids operations need. */
export interface PlanIndex {
  users: Map<UserName, CurrentUser>;
  roles: Map<RoleName, CurrentRole>;
  projects: Map<string, CurrentProject>;
  /** username → role name → scope as held on the server (project names, sorted). */
  held: ReadonlyMap<UserName, ReadonlyMap<RoleName, Scope>>;
  isOpen: (project: string) => boolean;
}

export function indexForPlan(current: CurrentState): PlanIndex {
  const projects = new Map(current.projects.map((p) => [p.name, p]));
  return {
    users: new Map(current.users.map((u) => [u.username, u])),
    roles: new Map(current.roles.map((r) => [r.name, r])),
    projects,
    held: new HeldRoles(current),
    isOpen: (name) => projects.get(name)?.isPrivate === false,
  };
}

/**
 * username → role name → scope held, made for one user when asked: a large studio's
 * assignments are kept once (in the current state), not a second time as scopes.
 */
class HeldRoles implements ReadonlyMap<UserName, ReadonlyMap<RoleName, Scope>> {
  readonly #byUser = new Map<UserName, CurrentAssignment[]>();
  readonly #roleById: Map<string, CurrentRole>;
  readonly #projectById: Map<string, CurrentProject>;

  constructor(current: CurrentState) {
    const userById = new Map(current.users.map((u) => [u.id, u]));
    this.#roleById = new Map(current.roles.map((r) => [r.id, r]));
    this.#projectById = new Map(current.projects.map((p) => [p.id, p]));
    for (const a of current.assignments) {
      const user = userById.get(a.userId);
      if (user === undefined || !this.#roleById.has(a.roleId)) continue;
      const list = this.#byUser.get(user.username);
      if (list === undefined) this.#byUser.set(user.username, [a]);
      else list.push(a);
    }
  }

  get [Symbol.toStringTag](): string {
    return 'HeldRoles';
  }

  get size(): number {
    return this.#byUser.size;
  }

  has(username: UserName): boolean {
    return this.#byUser.has(username);
  }

  get(username: UserName): ReadonlyMap<RoleName, Scope> | undefined {
    const assignments = this.#byUser.get(username);
    if (assignments === undefined) return undefined;
    const roles = new Map<RoleName, Scope>();
    for (const a of assignments) {
      const names = a.projectIds.flatMap((id) => {
        const project = this.#projectById.get(id);
        return project === undefined ? [] : [project.name];
      });
      roles.set(this.#roleById.get(a.roleId)!.name, makeScope(a.allOpen, names));
    }
    return roles;
  }

  *entries(): MapIterator<[UserName, ReadonlyMap<RoleName, Scope>]> {
    for (const username of this.#byUser.keys()) yield [username, this.get(username)!];
  }

  keys(): MapIterator<UserName> {
    return this.#byUser.keys();
  }

  *values(): MapIterator<ReadonlyMap<RoleName, Scope>> {
    for (const [, roles] of this.entries()) yield roles;
  }

  [Symbol.iterator](): MapIterator<[UserName, ReadonlyMap<RoleName, Scope>]> {
    return this.entries();
  }

  forEach(
    callback: (
      roles: ReadonlyMap<RoleName, Scope>,
      username: UserName,
      map: ReadonlyMap<UserName, ReadonlyMap<RoleName, Scope>>,
    ) => void,
  ): void {
    for (const [username, roles] of this.entries()) callback(roles, username, this);
  }
}
