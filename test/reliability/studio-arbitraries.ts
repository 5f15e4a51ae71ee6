import fc from 'fast-check';
import type { EmulatorSeed } from '../../src/emulator/index.js';

/**
 * Small random studios (a seed for the emulator) and random desired files over them, for
 * the property tests and the soak. Every desired file is valid for its studio by
 * construction (known names, no ASSIGNED role on a private project, the API user ignored).
 */
export const ROLE_TYPES = {
  Administrator: 'PROJECT',
  User: 'PROJECT',
  Lead: 'PROJECT',
  Guest: 'ASSIGNED',
} as const;
export type RoleName = keyof typeof ROLE_TYPES;
export const ROLE_NAMES = Object.keys(ROLE_TYPES) as RoleName[];
export const API_USER = 'admin';
export const API_KEY = 'property-admin-key';

export interface ScopeValue {
  all_open: boolean;
  projects: string[];
}

export interface Studio {
  projects: { name: string; is_private: boolean }[];
  users: { username: string; roles: Partial<Record<RoleName, ScopeValue>> }[];
}

export type DesiredScope = 'all-open' | string[] | ScopeValue;

export interface DesiredFile {
  manage: 'declared' | 'owned' | 'all';
  users: Record<string, Partial<Record<RoleName, DesiredScope>>>;
  groups: Record<string, { members: string[]; roles: Partial<Record<RoleName, DesiredScope>> }>;
}

const subset = <T>(items: readonly T[]) => fc.subarray([...items]);

/** A held role's scope on a studio (never an ASSIGNED role on a private project). */
function currentRoles(projects: readonly { name: string; is_private: boolean }[]) {
  return fc.subarray(ROLE_NAMES, { maxLength: 3 }).chain((roles) =>
    fc
      .tuple(
        ...roles.map((role) => {
          const allowed = projects
            .filter((p) => !(ROLE_TYPES[role] === 'ASSIGNED' && p.is_private))
            .map((p) => p.name);
          return fc
            .record({ all_open: fc.boolean(), projects: subset(allowed) })
            .map((scope) => [role, scope] as const);
        }),
      )
      .map((pairs) => Object.fromEntries(pairs) as Partial<Record<RoleName, ScopeValue>>),
  );
}

export function studioArbitrary(): fc.Arbitrary<Studio> {
  return fc
    .record({
      privacy: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
      userCount: fc.integer({ min: 1, max: 5 }),
    })
    .chain(({ privacy, userCount }) => {
      const projects = privacy.map((is_private, i) => ({ name: `p${i}`, is_private }));
      return fc
        .array(currentRoles(projects), { minLength: userCount, maxLength: userCount })
        .map((all) => ({
          projects,
          users: all.map((roles, i) => ({ username: `u${i}`, roles })),
        }));
    });
}

/** A desired scope for `role` that the planner accepts on `studio`. */
function desiredScope(studio: Studio, role: RoleName): fc.Arbitrary<DesiredScope> {
  const allowed = studio.projects
    .filter((p) => !(ROLE_TYPES[role] === 'ASSIGNED' && p.is_private))
    .map((p) => p.name);
  const list = allowed.length > 0 ? [fc.subarray(allowed, { minLength: 1 })] : [];
  return fc.oneof(
    fc.constant('all-open' as const),
    ...list,
    fc.record({ all_open: fc.constant(true), projects: fc.subarray(allowed) }),
  );
}

function rolesArbitrary(studio: Studio) {
  return fc
    .subarray(ROLE_NAMES, { maxLength: 3 })
    .chain((roles) =>
      fc.tuple(...roles.map((role) => desiredScope(studio, role).map((s) => [role, s] as const))),
    )
    .map((pairs) => Object.fromEntries(pairs) as Partial<Record<RoleName, DesiredScope>>);
}

export function desiredArbitrary(studio: Studio): fc.Arbitrary<DesiredFile> {
  const usernames = studio.users.map((u) => u.username);
  return fc.record({
    manage: fc.constantFrom('declared' as const, 'owned' as const, 'all' as const),
    users: fc
      .subarray(usernames)
      .chain((names) => fc.tuple(...names.map((n) => rolesArbitrary(studio).map((r) => [n, r]))))
      .map((pairs) => Object.fromEntries(pairs) as DesiredFile['users']),
    groups: fc
      .option(
        fc.record({
          members: fc.subarray(usernames, { minLength: 1 }),
          roles: rolesArbitrary(studio),
        }),
        { nil: undefined },
      )
      .map((g): DesiredFile['groups'] => (g === undefined ? {} : { crew: g })),
  });
}

export function seedOf(studio: Studio): EmulatorSeed {
  return {
    security_roles: ROLE_NAMES.map((name) => ({ name, type: ROLE_TYPES[name] })),
    projects: studio.projects.map((p) => ({ ...p, full_name: p.name.toUpperCase() })),
    users: [
      { username: API_USER, api_key: API_KEY, roles: { Administrator: 'all-open' } },
      ...studio.users.map((u) => ({ username: u.username, roles: u.roles })),
    ],
  };
}

/** The desired file as a YAML-able object. */
export function desiredDocument(desired: DesiredFile): Record<string, unknown> {
  return {
    version: 1,
    settings: { manage: desired.manage, ignore_users: [API_USER], max_removals: 1000 },
    ...(Object.keys(desired.groups).length > 0 ? { groups: desired.groups } : {}),
    users: Object.fromEntries(
      Object.entries(desired.users).map(([name, roles]) => [name, { roles }]),
    ),
  };
}

/** The independent oracle: the roles a managed user must end with. */
export function expectedRoles(
  studio: Studio,
  desired: DesiredFile,
  username: string,
): Record<string, ScopeValue> {
  const isPrivate = new Map(studio.projects.map((p) => [p.name, p.is_private]));
  const sources = [desired.users[username] ?? {}];
  for (const group of Object.values(desired.groups)) {
    if (group.members.includes(username)) sources.push(group.roles);
  }
  const out: Record<string, { all_open: boolean; projects: Set<string> }> = {};
  for (const roles of sources) {
    for (const [role, scope] of Object.entries(roles)) {
      const entry = (out[role] ??= { all_open: false, projects: new Set() });
      if (scope === 'all-open') entry.all_open = true;
      else if (Array.isArray(scope)) scope.forEach((p) => entry.projects.add(p));
      else {
        entry.all_open ||= scope.all_open;
        scope.projects.forEach((p) => entry.projects.add(p));
      }
    }
  }
  return Object.fromEntries(
    Object.entries(out).map(([role, s]) => [
      role,
      {
        all_open: s.all_open,
        // Under all-open only private projects need (and keep) an explicit grant.
        projects: [...s.projects].filter((p) => !s.all_open || isPrivate.get(p) === true).sort(),
      },
    ]),
  );
}

/** The roles a desired file owns: every role it grants (it has no catalogue). */
export function ownedRoles(desired: DesiredFile): Set<string> {
  const grants = [
    ...Object.values(desired.users),
    ...Object.values(desired.groups).map((g) => g.roles),
  ];
  return new Set(grants.flatMap((roles) => Object.keys(roles)));
}

/**
 * The users a desired file declares on a studio (every user under `manage: all`; the API
 * user is ignored). Under `manage: owned` the others lose the owned roles only.
 */
export function managedUsers(studio: Studio, desired: DesiredFile): Set<string> {
  if (desired.manage === 'all') return new Set(studio.users.map((u) => u.username));
  const names = new Set(Object.keys(desired.users));
  for (const group of Object.values(desired.groups)) group.members.forEach((m) => names.add(m));
  return names;
}
