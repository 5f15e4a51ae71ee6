import type { CurrentState } from '../current/types.js';
import type { DesiredGrant, DesiredState } from '../desired/types.js';
import { compareStrings, formatSource, type Scope, type UserName } from '../model/index.js';
import {
  canonicalScope,
  indexForPlan,
  isIgnoredUser,
  sameAccess,
  type Plan,
} from '../plan/index.js';
import { collectDesiredUsers, makeScope } from '../plan/index.js';
import { expandGrant } from './explain-grant.js';
import { standingOf } from './explain-standing.js';
import {
  EXPLAIN_FORMAT_VERSION,
  type ExplainItem,
  type ExplainRole,
  type ItemStatus,
  type UserExplanation,
} from './explain-types.js';

export interface ExplainInput {
  /** The desired state as of today (`dropExpiredGrants`: ended `until:` grants dropped). */
  desired: DesiredState;
  current: CurrentState;
  plan: Plan;
}

interface RoleContext {
  current: CurrentState;
  isOpen: (project: string) => boolean;
  /** True when the plan decides this role of the user. */
  managed: boolean;
  additive: boolean;
}

/**
 * Explains one user (pure): every role they should hold, each part of its scope with the
 * config nodes asking for it (file:line:col, group, glob), next to what the server holds,
 * with each difference marked and the plan's change for it.
 */
export function explainUser(input: ExplainInput, username: UserName): UserExplanation {
  const { desired, current, plan } = input;
  const wanted = collectDesiredUsers(desired, current).users.get(username);
  const onServer = current.users.find((u) => u.username === username);
  const index = indexForPlan(current);
  const held = index.held.get(username) ?? new Map<string, Scope>();
  const standing = standingOf(input, username, wanted);
  const names = [...new Set([...(wanted?.roles.keys() ?? []), ...held.keys()])].sort(
    compareStrings,
  );
  const roles = names.map((role) => {
    const change = plan.changes.find((c) => c.user === username && c.role === role);
    const ctx: RoleContext = {
      current,
      isOpen: index.isOpen,
      managed: standing.decides(role),
      additive: standing.additive(role),
    };
    const { items, ...scopes } = explainRole(
      role,
      wanted?.roles.get(role),
      held.get(role) ?? null,
      ctx,
    );
    return {
      ...scopes,
      managed: ctx.managed,
      additive: ctx.additive,
      change:
        change === undefined
          ? null
          : {
              action: change.action,
              reason: change.reason,
              ...(change.expired === undefined ? {} : { expired: change.expired }),
            },
      items,
    };
  });
  const sources = wanted?.sources ?? [];
  return {
    format_version: EXPLAIN_FORMAT_VERSION,
    kind: 'user',
    server: current.server,
    user: username,
    on_server: onServer !== undefined,
    active: onServer?.isActive ?? null,
    declared: wanted !== undefined && wanted.declared !== false,
    standing: standing.standing,
    managed: standing.managed,
    ignored: isIgnoredUser(username, desired.settings.ignoreUsers),
    declared_at: [...new Set(sources.map(formatSource))],
    groups: [...new Set(sources.flatMap((s) => (s.group === undefined ? [] : [s.group])))].sort(
      compareStrings,
    ),
    roles,
    summary: {
      roles: roles.length,
      in_sync: roles.filter((r) => r.in_sync).length,
      differences: roles.filter((r) => !r.in_sync).length,
    },
  };
}

function explainRole(
  role: string,
  grant: DesiredGrant | undefined,
  current: Scope | null,
  ctx: RoleContext,
): Omit<ExplainRole, 'change' | 'managed' | 'additive'> {
  const parts = grant === undefined ? undefined : expandGrant(grant, ctx.current.projects);
  const desired =
    parts === undefined
      ? null
      : canonicalScope(makeScope(parts.allOpen.length > 0, parts.projects.keys()), ctx.isOpen);
  const d = desired ?? { all_open: false, projects: [] };
  const c = current ?? { all_open: false, projects: [] };
  const differs = (want: boolean): ItemStatus =>
    want ? 'missing' : ctx.managed ? 'extra' : ctx.additive ? 'kept' : 'unmanaged';
  const items: ExplainItem[] = [];
  if (d.all_open || c.all_open) {
    const status = d.all_open === c.all_open ? 'in-sync' : differs(d.all_open);
    items.push({
      project: null,
      desired: d.all_open,
      current: c.all_open,
      status,
      sources: parts?.allOpen ?? [],
    });
  }
  const projects = new Set([...(parts?.projects.keys() ?? []), ...c.projects]);
  for (const project of [...projects].sort(compareStrings)) {
    // `desired` is the canonical scope: a grant of an open project under all open
    // projects adds no access, so it is dropped there and one held on the server is left
    // alone by the planner (no effect either way).
    const want = d.projects.includes(project);
    const has = c.projects.includes(project);
    const asked = parts?.projects.has(project) === true;
    const redundant = d.all_open && ctx.isOpen(project);
    const status: ItemStatus =
      want === has
        ? want || !asked
          ? 'in-sync'
          : 'no-effect'
        : redundant
          ? 'no-effect'
          : differs(want);
    items.push({
      project,
      desired: want,
      current: has,
      status,
      sources: parts?.projects.get(project) ?? [],
    });
  }
  for (const [map, status] of [
    [parts?.unknown, 'unknown-project'],
    [parts?.unmatched, 'no-match'],
  ] as const) {
    for (const [project, sources] of [...(map ?? [])].sort(([a], [b]) => compareStrings(a, b))) {
      items.push({ project, desired: true, current: false, status, sources });
    }
  }
  return { role, desired, current, in_sync: sameAccess(desired, current, ctx.isOpen), items };
}
