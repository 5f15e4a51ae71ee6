import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { SecurityRoleType } from '../model/index.js';
import { STORED_TYPES } from './entities.js';
import { EmulatorSetupError } from './errors.js';
import { stableId, type EmulatorState } from './state.js';

export type SeedScope = 'all-open' | string[] | { all_open?: boolean; projects?: string[] };

/** The seed shape of product-spec §6 (YAML or JSON). */
export interface EmulatorSeed {
  security_roles?: { name: string; type: SecurityRoleType; id?: string }[];
  projects?: {
    name: string;
    full_name?: string;
    is_private?: boolean;
    status?: string;
    id?: string;
  }[];
  users?: {
    username: string;
    api_key?: string;
    is_active?: boolean;
    first_name?: string;
    last_name?: string;
    email?: string;
    id?: string;
    roles?: Record<string, SeedScope>;
  }[];
  groups?: { name: string; members?: string[]; parent?: string | null; id?: string }[];
}

/** Reads and parses a YAML or JSON seed file (not yet validated). */
export function readSeedFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EmulatorSetupError(`Cannot read the seed file ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    throw new EmulatorSetupError(
      `The seed file ${file} is not valid YAML/JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Validates a seed and fills an empty state with it; all problems are reported at once. */
export function loadSeed(state: EmulatorState, raw: unknown, source = 'seed'): void {
  const problems: string[] = [];
  const seed = checkSeedShape(raw, source, problems);
  if (problems.length === 0) insertSeed(state, seed, source, problems);
  if (problems.length > 0) {
    throw new EmulatorSetupError(
      `Invalid emulator seed:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

const TOP_KEYS = ['security_roles', 'projects', 'users', 'groups'];
const ENTRY_KEYS: Record<string, string[]> = {
  security_roles: ['name', 'type', 'id'],
  projects: ['name', 'full_name', 'is_private', 'status', 'id'],
  users: ['username', 'api_key', 'is_active', 'first_name', 'last_name', 'email', 'id', 'roles'],
  groups: ['name', 'members', 'parent', 'id'],
};

function checkSeedShape(raw: unknown, source: string, problems: string[]): EmulatorSeed {
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${source}: the seed must be a mapping with ${TOP_KEYS.join(', ')}`);
    return {};
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!TOP_KEYS.includes(key))
      problems.push(`${source}: unknown section "${key}" (expected ${TOP_KEYS.join(', ')})`);
  }
  for (const section of TOP_KEYS) {
    const list = record[section];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      problems.push(`${source}: "${section}" must be a list`);
      continue;
    }
    list.forEach((entry, i) => {
      const where = entryLabel(source, section, i, entry);
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        problems.push(`${where}: must be a mapping`);
        return;
      }
      for (const key of Object.keys(entry as object)) {
        if (!ENTRY_KEYS[section]!.includes(key)) {
          problems.push(
            `${where}: unknown key "${key}" (expected ${ENTRY_KEYS[section]!.join(', ')})`,
          );
        }
      }
    });
  }
  return record;
}

function insertSeed(
  state: EmulatorState,
  seed: EmulatorSeed,
  source: string,
  problems: string[],
): void {
  const roles = new Map<string, { id: string; type: unknown }>();
  const projects = new Map<string, { id: string; isPrivate: boolean }>();
  const users = new Map<string, string>();
  const store = state.store;
  const add = (type: string, row: Record<string, unknown> & { id: string }, where: string) => {
    if (store.get(type, row.id) !== undefined) problems.push(`${where}: duplicate id "${row.id}"`);
    else store.insert(type, { ...STORED_TYPES[type]!.defaults, ...row });
  };
  (seed.security_roles ?? []).forEach((r, i) => {
    const where = entryLabel(source, 'security_roles', i, r);
    if (!nonEmpty(r.name)) return void problems.push(`${where}: "name" must be a non-empty string`);
    if (!['PROJECT', 'ASSIGNED', 'API'].includes(r.type)) {
      return void problems.push(`${where}: "type" must be PROJECT, ASSIGNED or API`);
    }
    if (roles.has(r.name)) return void problems.push(`${where}: duplicate role name "${r.name}"`);
    const id = r.id ?? stableId('SecurityRole', r.name);
    roles.set(r.name, { id, type: r.type });
    add('SecurityRole', { id, name: r.name, type: r.type }, where);
  });
  (seed.projects ?? []).forEach((p, i) => {
    const where = entryLabel(source, 'projects', i, p);
    if (!nonEmpty(p.name)) return void problems.push(`${where}: "name" must be a non-empty string`);
    if (projects.has(p.name))
      return void problems.push(`${where}: duplicate project name "${p.name}"`);
    if (p.is_private !== undefined && typeof p.is_private !== 'boolean') {
      return void problems.push(`${where}: "is_private" must be true or false`);
    }
    const id = p.id ?? stableId('Project', p.name);
    projects.set(p.name, { id, isPrivate: p.is_private === true });
    add(
      'Project',
      {
        id,
        name: p.name,
        full_name: p.full_name ?? p.name,
        is_private: p.is_private ?? false,
        status: p.status ?? 'active',
      },
      where,
    );
  });
  (seed.users ?? []).forEach((u, i) =>
    insertUser(state, u, i, { roles, projects, users, source, problems, add }),
  );
  insertGroups(state, seed, users, source, problems, add);
}

interface SeedContext {
  roles: Map<string, { id: string; type: unknown }>;
  projects: Map<string, { id: string; isPrivate: boolean }>;
  users: Map<string, string>;
  source: string;
  problems: string[];
  add: (type: string, row: Record<string, unknown> & { id: string }, where: string) => void;
}

function insertUser(
  state: EmulatorState,
  u: NonNullable<EmulatorSeed['users']>[number],
  i: number,
  ctx: SeedContext,
): void {
  const where = entryLabel(ctx.source, 'users', i, u);
  if (!nonEmpty(u.username))
    return void ctx.problems.push(`${where}: "username" must be a non-empty string`);
  if (ctx.users.has(u.username))
    return void ctx.problems.push(`${where}: duplicate username "${u.username}"`);
  if (u.is_active !== undefined && typeof u.is_active !== 'boolean') {
    return void ctx.problems.push(`${where}: "is_active" must be true or false`);
  }
  if (u.api_key !== undefined && !nonEmpty(u.api_key))
    return void ctx.problems.push(`${where}: "api_key" must be a non-empty string`);
  const id = u.id ?? stableId('User', u.username);
  ctx.users.set(u.username, id);
  const row: Record<string, unknown> & { id: string } = {
    id,
    username: u.username,
    is_active: u.is_active ?? true,
  };
  for (const key of ['first_name', 'last_name', 'email'] as const)
    if (u[key] !== undefined) row[key] = u[key];
  ctx.add('User', row, where);
  if (u.api_key !== undefined) state.setApiKey(id, u.api_key);
  if (u.roles === undefined || u.roles === null) return;
  if (typeof u.roles !== 'object' || Array.isArray(u.roles))
    return void ctx.problems.push(`${where}: "roles" must be a mapping of role name to scope`);
  for (const [roleName, rawScope] of Object.entries(u.roles)) {
    insertAssignment(state, id, u.username, roleName, rawScope, `${where}: roles.${roleName}`, ctx);
  }
}

function insertAssignment(
  state: EmulatorState,
  userId: string,
  username: string,
  roleName: string,
  rawScope: unknown,
  where: string,
  ctx: SeedContext,
): void {
  const role = ctx.roles.get(roleName);
  if (role === undefined)
    return void ctx.problems.push(`${where}: unknown security role "${roleName}"`);
  if (role.type === 'API')
    return void ctx.problems.push(`${where}: a role of type API cannot be given to a user`);
  const scope = parseScope(rawScope);
  if (scope === undefined) {
    return void ctx.problems.push(
      `${where}: a scope is "all-open", a list of project names, or { all_open, projects }`,
    );
  }
  const usrId = stableId('UserSecurityRole', username, roleName);
  ctx.add(
    'UserSecurityRole',
    { id: usrId, user_id: userId, security_role_id: role.id, is_all_open_projects: scope.all_open },
    where,
  );
  for (const name of new Set(scope.projects)) {
    const project = ctx.projects.get(name);
    if (project === undefined) {
      ctx.problems.push(`${where}: unknown project "${name}"`);
      continue;
    }
    if (role.type === 'ASSIGNED' && project.isPrivate) {
      ctx.problems.push(
        `${where}: a role of type ASSIGNED cannot be granted on the private project "${name}"`,
      );
      continue;
    }
    ctx.add(
      'UserSecurityRoleProject',
      {
        id: stableId('UserSecurityRoleProject', username, roleName, name),
        user_security_role_id: usrId,
        project_id: project.id,
      },
      where,
    );
  }
  void state;
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

function insertGroups(
  state: EmulatorState,
  seed: EmulatorSeed,
  users: Map<string, string>,
  source: string,
  problems: string[],
  add: SeedContext['add'],
): void {
  const groups = new Map<string, string>();
  const list = seed.groups ?? [];
  list.forEach((g, i) => {
    const where = entryLabel(source, 'groups', i, g);
    if (!nonEmpty(g.name)) return void problems.push(`${where}: "name" must be a non-empty string`);
    if (groups.has(g.name)) return void problems.push(`${where}: duplicate group name "${g.name}"`);
    groups.set(g.name, g.id ?? stableId('Group', g.name));
  });
  list.forEach((g, i) => {
    const id = nonEmpty(g.name) ? groups.get(g.name) : undefined;
    if (id === undefined || state.store.get('Group', id) !== undefined) return;
    const where = `${source}: groups[${i}] (${g.name})`;
    const parentId = g.parent === undefined || g.parent === null ? null : groups.get(g.parent);
    if (parentId === undefined)
      problems.push(`${where}: unknown parent group "${String(g.parent)}"`);
    add('Group', { id, name: g.name, parent_id: parentId ?? null, local: false }, where);
    if (g.members !== undefined && !Array.isArray(g.members))
      return void problems.push(`${where}: "members" must be a list of usernames`);
    for (const member of new Set(g.members ?? [])) {
      const userId = users.get(member);
      if (userId === undefined) problems.push(`${where}: unknown member "${member}"`);
      else
        add(
          'Membership',
          { id: stableId('Membership', g.name, member), user_id: userId, group_id: id },
          where,
        );
    }
  });
  for (const [name, id] of groups) {
    const visited = new Set<string>();
    let current: unknown = id;
    while (typeof current === 'string' && !visited.has(current)) {
      visited.add(current);
      current = state.store.get('Group', current)?.['parent_id'];
    }
    if (typeof current === 'string')
      problems.push(`${source}: groups (${name}): the parent chain is a cycle`);
  }
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** `seed.yaml: users[3] (ana)`: where a problem is, by position and name. */
function entryLabel(source: string, section: string, index: number, entry: unknown): string {
  const record = (entry ?? {}) as Record<string, unknown>;
  const name = section === 'users' ? record['username'] : record['name'];
  return `${source}: ${section}[${index}]${nonEmpty(name) ? ` (${name})` : ''}`;
}
