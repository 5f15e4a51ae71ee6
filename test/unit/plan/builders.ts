import type { CurrentState } from '../../../src/current/types.js';
import type {
  DesiredGrant,
  DesiredGroup,
  DesiredSettings,
  DesiredState,
  DesiredUser,
} from '../../../src/desired/types.js';
import type { SourceRef } from '../../../src/model/index.js';

/** Scope shorthand of the config: 'all-open', a project list, or the explicit object. */
export type ScopeSpec = 'all-open' | string[] | { all_open: boolean; projects: string[] };

export interface ServerSpec {
  projects?: { name: string; private?: boolean }[];
  roles?: { name: string; type?: string }[];
  users?: {
    username: string;
    active?: boolean;
    /** The ftrack user type's name (default: not read). */
    type?: string;
    roles?: Record<string, ScopeSpec>;
  }[];
  groups?: { name: string; parent?: string; members: string[] }[];
}

export const DEFAULT_ROLES = [
  { name: 'Administrator', type: 'PROJECT' },
  { name: 'Project Manager', type: 'PROJECT' },
  { name: 'Supervisor', type: 'PROJECT' },
  { name: 'Lead', type: 'PROJECT' },
  { name: 'User', type: 'PROJECT' },
  { name: 'Reviewer', type: 'PROJECT' },
  { name: 'Legacy Editor', type: 'PROJECT' },
  { name: 'Restricted User', type: 'ASSIGNED' },
  { name: 'API', type: 'API' },
];

export const DEFAULT_PROJECTS = [
  { name: 'alpha' },
  { name: 'beta' },
  { name: 'show_a' },
  { name: 'show_b' },
  { name: 'secret', private: true },
];

export function normScope(spec: ScopeSpec): { all_open: boolean; projects: string[] } {
  if (spec === 'all-open') return { all_open: true, projects: [] };
  if (Array.isArray(spec)) return { all_open: false, projects: [...spec] };
  return spec;
}

/** A CurrentState with readable ids: `u-<name>`, `r-<name>`, `p-<name>`, `g-<name>`. */
export function serverState(spec: ServerSpec = {}): CurrentState {
  const projects = (spec.projects ?? DEFAULT_PROJECTS).map((p) => ({
    id: `p-${p.name}`,
    name: p.name,
    fullName: p.name.toUpperCase(),
    isPrivate: p.private === true,
    status: 'active',
  }));
  const roles = (spec.roles ?? DEFAULT_ROLES).map((r) => ({
    id: `r-${r.name}`,
    name: r.name,
    type: r.type ?? 'PROJECT',
  }));
  const listed: NonNullable<ServerSpec['users']> = [
    { username: 'svc', roles: { Administrator: 'all-open' } },
    ...(spec.users ?? []),
  ];
  const users = listed.map((u) => ({ ...u, roles: u.roles ?? {}, active: u.active ?? true }));
  const assignments = users.flatMap((u) =>
    Object.entries(u.roles).map(([role, s]) => {
      const scope = normScope(s);
      return {
        id: `a-${u.username}-${role}`,
        userId: `u-${u.username}`,
        roleId: `r-${role}`,
        allOpen: scope.all_open,
        projectIds: scope.projects.map((p) => `p-${p}`).sort(),
      };
    }),
  );
  return {
    server: 'http://127.0.0.1:9',
    users: users.map((u) => ({
      id: `u-${u.username}`,
      username: u.username,
      isActive: u.active,
      ...(u.type === undefined ? {} : { type: u.type }),
    })),
    projects,
    roles,
    assignments,
    groups: (spec.groups ?? []).map((g) => ({
      id: `g-${g.name}`,
      name: g.name,
      parentId: g.parent === undefined ? null : `g-${g.parent}`,
      memberUserIds: g.members.map((m) => `u-${m}`),
    })),
  };
}

export interface ConfigSpec {
  settings?: Partial<DesiredSettings>;
  catalogue?: Record<string, { retired?: boolean; ownership?: 'exclusive' | 'additive' }>;
  users?: Record<string, Record<string, ScopeSpec>>;
  groups?: Record<
    string,
    {
      members?: string[] | 'all-active';
      ftrackGroup?: string;
      subgroups?: boolean;
      roles: Record<string, ScopeSpec>;
    }
  >;
}

let line = 0;
function ref(file: string, group?: string): SourceRef {
  line += 1;
  return group === undefined ? { file, line, col: 7 } : { file, line, col: 7, group };
}

function addGrant(user: DesiredUser, role: string, spec: ScopeSpec, source: SourceRef) {
  const scope = normScope(spec);
  const grant: DesiredGrant = user.roles.get(role) ?? {
    role,
    allOpen: [],
    projects: new Map(),
    sources: [],
  };
  if (scope.all_open) grant.allOpen.push(source);
  const projects = new Map(grant.projects);
  for (const p of scope.projects) projects.set(p, [...(projects.get(p) ?? []), source]);
  grant.projects = projects;
  grant.sources.push(source);
  user.roles.set(role, grant);
}

/** A DesiredState as buildDesiredState would make it (users ∪ groups, with sources). */
export function desiredState(spec: ConfigSpec = {}): DesiredState {
  line = 0;
  const users = new Map<string, DesiredUser>();
  const userOf = (name: string, source: SourceRef) => {
    const user: DesiredUser = users.get(name) ?? { username: name, sources: [], roles: new Map() };
    user.sources.push(source);
    users.set(name, user);
    return user;
  };
  for (const [name, roles] of Object.entries(spec.users ?? {})) {
    const user = userOf(name, ref('access/users.yaml'));
    for (const [role, s] of Object.entries(roles))
      addGrant(user, role, s, ref('access/users.yaml'));
  }
  const groups = new Map<string, DesiredGroup>();
  for (const [name, g] of Object.entries(spec.groups ?? {})) {
    const source = ref('access/groups.yaml');
    const grants = Object.entries(g.roles).map(([role, s]) => ({
      role,
      allOpen: normScope(s).all_open,
      projects: normScope(s).projects,
      source: ref('access/groups.yaml'),
    }));
    const members = (g.members === 'all-active' ? [] : (g.members ?? [])).map((m) => ({
      username: m,
      source: ref('access/groups.yaml', name),
    }));
    groups.set(name, {
      name,
      members,
      roles: grants,
      source,
      ...(g.members === 'all-active' ? { allActive: { source: { ...source, group: name } } } : {}),
      ...(g.ftrackGroup === undefined
        ? {}
        : {
            ftrackGroup: { name: g.ftrackGroup, includeSubgroups: g.subgroups === true, source },
          }),
    });
    for (const m of members) {
      const user = userOf(m.username, m.source);
      for (const grant of grants) {
        const s = { ...grant.source, group: name };
        addGrant(
          user,
          grant.role,
          grant.allOpen ? { all_open: true, projects: grant.projects } : grant.projects,
          s,
        );
      }
    }
  }
  const catalogue = new Map(
    Object.entries(spec.catalogue ?? {}).map(([name, c]) => [
      name,
      {
        name,
        retired: c.retired === true,
        ownership: c.ownership ?? ('exclusive' as const),
        source: ref('access/roles.yaml'),
      },
    ]),
  );
  return {
    settings: {
      manage: 'declared',
      inactiveUsers: 'remove',
      ignoreUsers: ['svc*'],
      protected: [],
      maxRemovals: 25,
      expiryWarningDays: 14,
      ...spec.settings,
    },
    catalogue,
    groups,
    users,
    configDigest: `sha256:${'c0'.repeat(32)}`,
    mentionedRoles: mentioned(users, groups, catalogue),
  };
}

/** The roles a config mentions (as the desired-state builder finds them). */
function mentioned(
  users: Map<string, DesiredUser>,
  groups: Map<string, DesiredGroup>,
  catalogue: Map<string, { source: SourceRef }>,
): Map<string, SourceRef> {
  const found = new Map<string, SourceRef>();
  for (const user of users.values()) {
    for (const [role, grant] of user.roles)
      if (!found.has(role)) found.set(role, grant.sources[0]!);
  }
  for (const group of groups.values()) {
    for (const grant of group.roles)
      if (!found.has(grant.role)) found.set(grant.role, grant.source);
  }
  for (const [role, entry] of catalogue) found.set(role, entry.source);
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
