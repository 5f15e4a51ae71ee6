import type { CurrentState } from '../../../src/current/types.js';
import { desiredFromTexts } from '../../../src/pipeline/load-desired.js';
import type { DesiredState } from '../../../src/desired/types.js';
import type { Diagnostic } from '../../../src/diagnostics/index.js';

/** Scope shorthand as in the config: `all-open`, a project list, or the object form. */
export type ScopeSpec = 'all-open' | string[] | { all_open: boolean; projects: string[] };

export interface StateSpec {
  projects?: { name: string; private?: boolean; status?: string }[];
  roles?: { name: string; type?: string }[];
  users: { username: string; active?: boolean; roles?: Record<string, ScopeSpec> }[];
  groups?: { name: string; members: string[] }[];
}

export const ROLES = [
  { name: 'Administrator' },
  { name: 'Lead' },
  { name: 'Legacy Editor' },
  { name: 'Restricted User', type: 'ASSIGNED' },
  { name: 'Reviewer' },
  { name: 'Supervisor' },
  { name: 'User' },
  { name: 'API', type: 'API' },
];

export const PROJECTS: NonNullable<StateSpec['projects']> = [
  { name: 'alpha' },
  { name: 'beta' },
  { name: 'show_a' },
  { name: 'show_b' },
  { name: 'secret', private: true },
];

function scopeOf(spec: ScopeSpec): { all_open: boolean; projects: string[] } {
  if (spec === 'all-open') return { all_open: true, projects: [] };
  if (Array.isArray(spec)) return { all_open: false, projects: spec };
  return spec;
}

/** A CurrentState with readable ids (`u-ana`, `r-User`, `p-alpha`). */
export function buildState(spec: StateSpec): CurrentState {
  const users = spec.users.map((u) => ({ ...u, roles: u.roles ?? {} }));
  return {
    server: 'http://127.0.0.1:9',
    users: users.map((u) => ({
      id: `u-${u.username}`,
      username: u.username,
      isActive: u.active ?? true,
    })),
    projects: (spec.projects ?? PROJECTS).map((p) => ({
      id: `p-${p.name}`,
      name: p.name,
      fullName: p.name.toUpperCase(),
      isPrivate: p.private === true,
      status: p.status ?? 'active',
    })),
    roles: (spec.roles ?? ROLES).map((r) => ({
      id: `r-${r.name}`,
      name: r.name,
      type: r.type ?? 'PROJECT',
    })),
    assignments: users.flatMap((u) =>
      Object.entries(u.roles).map(([role, s]) => ({
        id: `a-${u.username}-${role}`,
        userId: `u-${u.username}`,
        roleId: `r-${role}`,
        allOpen: scopeOf(s).all_open,
        projectIds: scopeOf(s)
          .projects.map((p) => `p-${p}`)
          .sort(),
      })),
    ),
    groups: (spec.groups ?? []).map((g) => ({
      id: `g-${g.name}`,
      name: g.name,
      parentId: null,
      memberUserIds: g.members.map((m) => `u-${m}`),
    })),
  };
}

/** Config files (path → YAML text) → DesiredState, through the real config stage. */
export function loadTexts(files: Record<string, string>): {
  desired: DesiredState;
  diagnostics: Diagnostic[];
} {
  const texts = Object.entries(files).map(([path, text]) => ({
    path,
    text,
    bytes: new TextEncoder().encode(text),
  }));
  const { desired, diagnostics } = desiredFromTexts(texts);
  if (desired === undefined) {
    throw new Error(
      `config invalid: ${diagnostics.map((d) => `${d.code} ${d.summary}`).join('; ')}`,
    );
  }
  return { desired, diagnostics };
}
