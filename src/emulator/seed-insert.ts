import { isUserTypeName, STORED_TYPES, USER_TYPE_IDS } from './entities.js';
import type { EmulatorSeed } from './seed-types.js';
import { stableId, type EmulatorState } from './state.js';

type SeedUser = NonNullable<EmulatorSeed['users']>[number];
type SeedGroup = NonNullable<EmulatorSeed['groups']>[number];
type NewRow = Record<string, unknown> & { id: string };

/** Inserts a shape-checked seed into an empty state, collecting every problem. */
export class SeedLoader {
  private readonly roles = new Map<string, { id: string; type: unknown }>();
  private readonly projects = new Map<string, { id: string; isPrivate: boolean }>();
  private readonly users = new Map<string, string>();
  private readonly groups = new Map<string, string>();

  constructor(
    private readonly state: EmulatorState,
    private readonly source: string,
    private readonly problems: string[],
  ) {}

  load(seed: EmulatorSeed): void {
    (seed.security_roles ?? []).forEach((r, i) =>
      this.role(r, entryLabel(this.source, 'security_roles', i, r)),
    );
    (seed.projects ?? []).forEach((p, i) =>
      this.project(p, entryLabel(this.source, 'projects', i, p)),
    );
    (seed.users ?? []).forEach((u, i) => this.user(u, entryLabel(this.source, 'users', i, u)));
    const groups = seed.groups ?? [];
    groups.forEach((g, i) => this.groupName(g, entryLabel(this.source, 'groups', i, g)));
    groups.forEach((g, i) => this.group(g, entryLabel(this.source, 'groups', i, g)));
    this.checkGroupCycles();
  }

  private problem(where: string, message: string): void {
    this.problems.push(`${where}: ${message}`);
  }

  private add(type: string, row: NewRow, where: string): void {
    if (!nonEmpty(row.id)) this.problem(where, '"id" must be a non-empty string');
    else if (this.state.store.get(type, row.id) !== undefined)
      this.problem(where, `duplicate id "${row.id}"`);
    else this.state.store.insert(type, { ...STORED_TYPES[type]!.defaults, ...row });
  }

  private role(r: NonNullable<EmulatorSeed['security_roles']>[number], where: string): void {
    if (!nonEmpty(r.name)) return this.problem(where, '"name" must be a non-empty string');
    if (!['PROJECT', 'ASSIGNED', 'API'].includes(r.type)) {
      return this.problem(where, '"type" must be PROJECT, ASSIGNED or API');
    }
    if (this.roles.has(r.name)) return this.problem(where, `duplicate role name "${r.name}"`);
    const id = r.id ?? stableId('SecurityRole', r.name);
    this.roles.set(r.name, { id, type: r.type });
    this.add('SecurityRole', { id, name: r.name, type: r.type }, where);
  }

  private project(p: NonNullable<EmulatorSeed['projects']>[number], where: string): void {
    if (!nonEmpty(p.name)) return this.problem(where, '"name" must be a non-empty string');
    if (this.projects.has(p.name)) return this.problem(where, `duplicate project name "${p.name}"`);
    if (p.is_private !== undefined && typeof p.is_private !== 'boolean') {
      return this.problem(where, '"is_private" must be true or false');
    }
    const id = p.id ?? stableId('Project', p.name);
    this.projects.set(p.name, { id, isPrivate: p.is_private === true });
    const row = {
      id,
      name: p.name,
      full_name: p.full_name ?? p.name,
      is_private: p.is_private ?? false,
      status: p.status ?? 'active',
    };
    this.add('Project', row, where);
  }

  private user(u: SeedUser, where: string): void {
    if (!nonEmpty(u.username)) return this.problem(where, '"username" must be a non-empty string');
    if (this.users.has(u.username))
      return this.problem(where, `duplicate username "${u.username}"`);
    if (u.is_active !== undefined && typeof u.is_active !== 'boolean') {
      return this.problem(where, '"is_active" must be true or false');
    }
    if (u.api_key !== undefined && !nonEmpty(u.api_key))
      return this.problem(where, '"api_key" must be a non-empty string');
    const type = u.type === undefined ? 'user' : u.type;
    // reported, but the roles are still checked: every problem at once
    if (!isUserTypeName(type))
      this.problem(where, `"type" must be user, service or demo, not ${JSON.stringify(type)}`);
    const id = u.id ?? stableId('User', u.username);
    this.users.set(u.username, id);
    const row: NewRow = {
      id,
      username: u.username,
      is_active: u.is_active ?? true,
      user_type_id: USER_TYPE_IDS[isUserTypeName(type) ? type : 'user'],
    };
    for (const key of ['first_name', 'last_name', 'email'] as const)
      if (u[key] !== undefined) row[key] = u[key];
    this.add('User', row, where);
    if (u.api_key !== undefined) this.state.setApiKey(id, u.api_key);
    if (u.roles === undefined || u.roles === null) return;
    if (typeof u.roles !== 'object' || Array.isArray(u.roles)) {
      return this.problem(where, '"roles" must be a mapping of role name to scope');
    }
    for (const [roleName, scope] of Object.entries(u.roles)) {
      this.assignment(id, u.username, roleName, scope, `${where}: roles.${roleName}`);
    }
  }

  private assignment(
    userId: string,
    username: string,
    roleName: string,
    rawScope: unknown,
    where: string,
  ): void {
    const role = this.roles.get(roleName);
    if (role === undefined) return this.problem(where, `unknown security role "${roleName}"`);
    if (role.type === 'API')
      return this.problem(where, 'a role of type API cannot be given to a user');
    const scope = parseScope(rawScope);
    if (scope === undefined) {
      return this.problem(
        where,
        'a scope is "all-open", a list of project names, or { all_open, projects }',
      );
    }
    const id = stableId('UserSecurityRole', username, roleName);
    this.add(
      'UserSecurityRole',
      { id, user_id: userId, security_role_id: role.id, is_all_open_projects: scope.all_open },
      where,
    );
    for (const name of new Set(scope.projects)) {
      const project = this.projects.get(name);
      if (project === undefined) {
        this.problem(where, `unknown project "${name}"`);
      } else if (role.type === 'ASSIGNED' && project.isPrivate) {
        this.problem(
          where,
          `a role of type ASSIGNED cannot be granted on the private project "${name}"`,
        );
      } else {
        const grantId = stableId('UserSecurityRoleProject', username, roleName, name);
        this.add(
          'UserSecurityRoleProject',
          { id: grantId, user_security_role_id: id, project_id: project.id },
          where,
        );
      }
    }
  }

  private groupName(g: SeedGroup, where: string): void {
    if (!nonEmpty(g.name)) return this.problem(where, '"name" must be a non-empty string');
    if (this.groups.has(g.name)) return this.problem(where, `duplicate group name "${g.name}"`);
    this.groups.set(g.name, g.id ?? stableId('Group', g.name));
  }

  private group(g: SeedGroup, where: string): void {
    const id = nonEmpty(g.name) ? this.groups.get(g.name) : undefined;
    if (id === undefined || this.state.store.get('Group', id) !== undefined) return;
    const parentId = g.parent === undefined || g.parent === null ? null : this.groups.get(g.parent);
    if (parentId === undefined) this.problem(where, `unknown parent group "${String(g.parent)}"`);
    this.add('Group', { id, name: g.name, parent_id: parentId ?? null, local: false }, where);
    if (g.members !== undefined && !Array.isArray(g.members)) {
      return this.problem(where, '"members" must be a list of usernames');
    }
    for (const member of new Set(g.members ?? [])) {
      const userId = this.users.get(member);
      if (userId === undefined) this.problem(where, `unknown member "${member}"`);
      else
        this.add(
          'Membership',
          { id: stableId('Membership', g.name, member), user_id: userId, group_id: id },
          where,
        );
    }
  }

  private checkGroupCycles(): void {
    for (const [name, id] of this.groups) {
      const visited = new Set<string>();
      let current: unknown = id;
      while (typeof current === 'string' && !visited.has(current)) {
        visited.add(current);
        current = this.state.store.get('Group', current)?.['parent_id'];
      }
      if (typeof current === 'string')
        this.problem(`${this.source}: groups (${name})`, 'the parent chain is a cycle');
    }
  }
}

function parseScope(raw: unknown): { all_open: boolean; projects: string[] } | undefined {
  if (raw === 'all-open') return { all_open: true, projects: [] };
  if (Array.isArray(raw) && raw.every(nonEmpty)) return { all_open: false, projects: raw };
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const { all_open = false, projects = [], ...rest } = raw as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || typeof all_open !== 'boolean') return undefined;
    if (!Array.isArray(projects) || !projects.every(nonEmpty)) return undefined;
    return { all_open, projects };
  }
  return undefined;
}

/** `seed.yaml: users[3] (ana)`: where a problem is, by position and name. */
export function entryLabel(source: string, section: string, index: number, entry: unknown): string {
  const record = (entry ?? {}) as Record<string, unknown>;
  const name = section === 'users' ? record['username'] : record['name'];
  return `${source}: ${section}[${index}]${nonEmpty(name) ? ` (${name})` : ''}`;
}

export function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
