import { compareStrings } from '../model/index.js';
import { indexForPlan } from '../plan/index.js';
import { collectDesiredUsers } from '../plan/index.js';
import { expandGrant } from './explain-grant.js';
import { standingOf } from './explain-standing.js';
import type { ExplainInput } from './explain-user.js';
import {
  EXPLAIN_FORMAT_VERSION,
  type ProjectAccess,
  type ProjectExplanation,
} from './explain-types.js';

/**
 * Who can reach a project (pure), desired and current, each with why: the holders of a
 * role on all open projects when the project is open, and explicit grants always (the
 * only way into a private project).
 */
export function explainProject(input: ExplainInput, name: string): ProjectExplanation {
  const { desired, current } = input;
  const project = current.projects.find((p) => p.name === name);
  const open = project !== undefined && !project.isPrivate;
  const users = new Map(current.users.map((u) => [u.username, u]));
  const wantedUsers = collectDesiredUsers(desired, current).users;
  const standings = new Map<string, ReturnType<typeof standingOf>>();
  const decides = (user: string, role: string) => {
    let standing = standings.get(user);
    if (standing === undefined) {
      standing = standingOf(input, user, wantedUsers.get(user));
      standings.set(user, standing);
    }
    return standing.decides(role);
  };
  const rows = new Map<string, ProjectAccess>();
  const row = (user: string, role: string): ProjectAccess => {
    const key = `${user}\u0000${role}`;
    let found = rows.get(key);
    if (found === undefined) {
      found = {
        user,
        role,
        active: users.get(user)?.isActive ?? null,
        managed: decides(user, role),
        desired: false,
        current: false,
        status: 'in-sync',
        desired_via: [],
        current_via: [],
      };
      rows.set(key, found);
    }
    return found;
  };
  for (const [user, wanted] of wantedUsers) {
    for (const [role, grant] of wanted.roles) {
      const parts = expandGrant(grant, current.projects);
      const explicit = parts.projects.get(name) ?? parts.unknown.get(name) ?? [];
      const via = [
        ...(open ? parts.allOpen.map((s) => ({ ...s, all_open: true })) : []),
        ...explicit.map((s) => ({ ...s, all_open: false })),
      ];
      if (via.length > 0) Object.assign(row(user, role), { desired: true, desired_via: via });
    }
  }
  for (const [user, held] of indexForPlan(current).held) {
    for (const [role, scope] of held) {
      const via = [
        ...(scope.all_open && open ? (['all-open'] as const) : []),
        ...(scope.projects.includes(name) ? (['granted'] as const) : []),
      ];
      if (via.length > 0) Object.assign(row(user, role), { current: true, current_via: via });
    }
  }
  const access = [...rows.values()].sort(
    (a, b) => compareStrings(a.user, b.user) || compareStrings(a.role, b.role),
  );
  for (const r of access) {
    r.status =
      r.desired && r.current
        ? 'in-sync'
        : r.desired
          ? 'missing'
          : r.managed
            ? 'extra'
            : 'unmanaged';
  }
  const distinct = (pick: (r: ProjectAccess) => boolean) =>
    new Set(access.filter(pick).map((r) => r.user)).size;
  return {
    format_version: EXPLAIN_FORMAT_VERSION,
    kind: 'project',
    server: current.server,
    project: {
      name,
      exists: project !== undefined,
      full_name: project?.fullName ?? null,
      private: project?.isPrivate ?? null,
      status: project?.status ?? null,
    },
    access,
    summary: {
      users_desired: distinct((r) => r.desired),
      users_current: distinct((r) => r.current),
      differences: access.filter((r) => r.status === 'missing' || r.status === 'extra').length,
    },
  };
}
