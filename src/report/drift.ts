import type { CurrentState } from '../current/types.js';
import type { DesiredState, DesiredUser } from '../desired/types.js';
import { compareStrings, formatSource, type Scope } from '../model/index.js';
import {
  collectDesiredUsers,
  indexForPlan,
  isIgnoredUser,
  selectManagedUsers,
  type ManagedRule,
  type Plan,
  type PlanChange,
} from '../plan/index.js';
import { findDeclaredGaps } from './drift-gaps.js';
import {
  DRIFT_FORMAT_VERSION,
  DRIFT_KINDS,
  type DriftDifference,
  type DriftKind,
  type DriftReport,
  type UnmanagedUser,
} from './drift-types.js';

export interface DriftInput {
  plan: Plan;
  desired: DesiredState;
  current: CurrentState;
}

/**
 * The plan as a drift report (pure). Every change is split by direction into what the
 * server lacks (`not-applied`) and what it has beyond the config (`changed-on-server`);
 * changes of inactive users and on closed projects get their own kinds; users and
 * projects the config names that the server does not have are added (`unknown-user`,
 * `deleted-project`); users holding roles outside the managed set are listed apart.
 */
export function buildDriftReport(input: DriftInput): DriftReport {
  const { plan, current } = input;
  // The declared users, ftrack groups expanded: once, for the gaps and the kept inactive.
  const desiredUsers = collectDesiredUsers(input.desired, current).users;
  const ctx: ClassifyContext = {
    inactive: new Set(current.users.filter((u) => !u.isActive).map((u) => u.username)),
    closed: new Set(current.projects.filter(isClosed).map((p) => p.name)),
  };
  const differences = [
    ...plan.changes.flatMap((c) => classifyChange(c, ctx)),
    ...findDeclaredGaps(desiredUsers, current, new Set(plan.managed.users)),
    ...findKeptInactiveHolders(plan, current, input.desired, desiredUsers),
  ].sort(compareDifferences);
  const unmanaged = listUnmanaged(plan, current, differences);
  const count = (kind: DriftKind) => differences.filter((d) => d.kind === kind).length;
  return {
    format_version: DRIFT_FORMAT_VERSION,
    server: plan.server,
    api_user: plan.api_user,
    config_digest: plan.config_digest,
    state_digest: plan.state_digest,
    in_sync: differences.length === 0,
    managed_users: plan.managed.users.length,
    summary: {
      differences: differences.length,
      users: new Set(differences.map((d) => d.user)).size,
      not_applied: count('not-applied'),
      changed_on_server: count('changed-on-server'),
      inactive_user: count('inactive-user'),
      unknown_user: count('unknown-user'),
      closed_project: count('closed-project'),
      deleted_project: count('deleted-project'),
      unmanaged: unmanaged.length,
    },
    differences,
    unmanaged,
    warnings: plan.warnings,
  };
}

/** A project is closed when the server gives it a status other than `active`. */
export function isClosed(project: { status: string }): boolean {
  return project.status !== '' && project.status.toLowerCase() !== 'active';
}

const EMPTY: Scope = { all_open: false, projects: [] };

function minus(a: Scope, b: Scope, keep: (p: string) => boolean): Scope {
  const others = new Set(b.projects);
  return {
    all_open: a.all_open && !b.all_open,
    projects: a.projects.filter((p) => !others.has(p) && keep(p)),
  };
}

function isEmpty(scope: Scope): boolean {
  return !scope.all_open && scope.projects.length === 0;
}

/** What classifyChange needs to know of the server. */
export interface ClassifyContext {
  inactive: ReadonlySet<string>;
  closed: ReadonlySet<string>;
}

/**
 * One plan change → its differences, by direction (or one, for an inactive user). Access
 * taken away because an `until:` grant has ended belongs to the not-applied difference
 * (the config already says so); other access taken away is a change on the server.
 */
export function classifyChange(change: PlanChange, ctx: ClassifyContext): DriftDifference[] {
  const before = change.before ?? EMPTY;
  const after = change.after ?? EMPTY;
  const make = (kind: DriftKind, missing: Scope | null, extra: Scope | null) => ({
    kind,
    user: change.user,
    role: change.role,
    action: change.action,
    reason: change.reason,
    missing,
    extra,
    sources: change.sources,
    ...(change.expired === undefined ? {} : { expired: change.expired }),
  });
  const assign = change.action === 'assign';
  const remove = change.action === 'remove';
  if (ctx.inactive.has(change.user)) {
    const missing = minus(after, before, () => true);
    const extra = minus(before, after, () => true);
    return [make('inactive-user', orNull(missing, assign), orNull(extra, remove))];
  }
  const closed = (p: string) => ctx.closed.has(p);
  const out: DriftDifference[] = [];
  const closedMissing = { ...minus(after, before, closed), all_open: false };
  const closedExtra = { ...minus(before, after, closed), all_open: false };
  if (!isEmpty(closedMissing) || !isEmpty(closedExtra)) {
    out.push(make('closed-project', orNull(closedMissing, false), orNull(closedExtra, false)));
  }
  // An ended `until:` grant: the config already took that access away; apply has not yet.
  const expired = (change.expired?.length ?? 0) > 0;
  const missing = minus(after, before, (p) => !closed(p));
  const taken = minus(before, after, (p) => !closed(p));
  const superseded = expired ? taken : EMPTY;
  const extra = expired ? EMPTY : taken;
  const wholeRole = out.length === 0;
  if (!isEmpty(missing) || !isEmpty(superseded) || (wholeRole && (assign || (remove && expired)))) {
    out.push(make('not-applied', orNull(missing, assign), orNull(superseded, remove && expired)));
  }
  if (!isEmpty(extra) || (remove && wholeRole && !expired)) {
    out.push(make('changed-on-server', null, extra));
  }
  return out;
}

function orNull(scope: Scope, keepEmpty: boolean): Scope | null {
  return isEmpty(scope) && !keepEmpty ? null : scope;
}

/**
 * Under `inactive_users: keep` the plan leaves inactive users alone, yet an inactive user
 * holding access is an audit finding: one `inactive-user` difference for each role that
 * `inactive_users: remove` would take away (the same users and roles: a declared user's
 * roles, an undeclared holder's owned roles, every role under `manage: all`; never
 * `additive` roles, ignored users, the API user or undeclared service accounts), with what
 * they hold as `extra` and the settings as the source.
 */
function findKeptInactiveHolders(
  plan: Plan,
  current: CurrentState,
  desired: DesiredState,
  desiredUsers: ReadonlyMap<string, DesiredUser>,
): DriftDifference[] {
  if (plan.managed.inactive_users !== 'keep') return [];
  const declared = new Set(
    [...desiredUsers.values()].filter((u) => u.declared !== false).map((u) => u.username),
  );
  const rule: ManagedRule = {
    manage: plan.managed.manage,
    ignoreUsers: plan.managed.ignore_users,
    inactiveUsers: 'remove',
    ownedRoles: new Set(plan.managed.owned_roles),
    apiUser: plan.api_user,
  };
  const inactive = new Set(current.users.filter((u) => !u.isActive).map((u) => u.username));
  const wouldRemove = selectManagedUsers(rule, declared, current).filter((u) => inactive.has(u));
  const additive = (role: string) => desired.catalogue.get(role)?.ownership === 'additive';
  const at = desired.settings.source;
  const sources = at === undefined ? [] : [formatSource(at)];
  const index = indexForPlan(current);
  const out: DriftDifference[] = [];
  for (const user of wouldRemove) {
    const everything = declared.has(user) || rule.manage === 'all';
    for (const [role, scope] of index.held.get(user) ?? []) {
      if (additive(role) || !(everything || rule.ownedRoles.has(role))) continue;
      out.push({
        kind: 'inactive-user',
        user,
        role,
        action: null,
        reason: null,
        missing: null,
        extra: scope,
        sources,
      });
    }
  }
  return out;
}

/** Users holding roles outside the managed set, less the roles already reported as differences. */
function listUnmanaged(
  plan: Plan,
  current: CurrentState,
  differences: readonly DriftDifference[],
): UnmanagedUser[] {
  const managed = new Set(plan.managed.users);
  const reported = new Set(differences.map((d) => `${d.user}\0${d.role ?? ''}`));
  const index = indexForPlan(current);
  const out: UnmanagedUser[] = [];
  for (const user of current.users) {
    if (managed.has(user.username)) continue;
    const roles = [...(index.held.get(user.username) ?? [])]
      .filter(([role]) => !reported.has(`${user.username}\0${role}`))
      .map(([role, scope]) => ({ role, scope }))
      .sort((a, b) => compareStrings(a.role, b.role));
    if (roles.length === 0) continue;
    out.push({
      user: user.username,
      active: user.isActive,
      ignored: isIgnoredUser(user.username, plan.managed.ignore_users),
      roles,
    });
  }
  return out.sort((a, b) => compareStrings(a.user, b.user));
}

function compareDifferences(a: DriftDifference, b: DriftDifference): number {
  return (
    compareStrings(a.user, b.user) ||
    compareStrings(a.role ?? '', b.role ?? '') ||
    DRIFT_KINDS.indexOf(a.kind) - DRIFT_KINDS.indexOf(b.kind)
  );
}
