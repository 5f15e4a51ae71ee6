import type { CurrentState } from '../current/types.js';
import type { DesiredState } from '../desired/types.js';
import { compareStrings, type Scope } from '../model/index.js';
import { indexForPlan, isIgnoredUser, type Plan, type PlanChange } from '../plan/index.js';
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
  const ctx: ClassifyContext = {
    inactive: new Set(current.users.filter((u) => !u.isActive).map((u) => u.username)),
    closed: new Set(current.projects.filter(isClosed).map((p) => p.name)),
  };
  const differences = [
    ...plan.changes.flatMap((c) => classifyChange(c, ctx)),
    ...findDeclaredGaps(input.desired, current, new Set(plan.managed.users)),
  ].sort(compareDifferences);
  const unmanaged = listUnmanaged(plan, current);
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

function listUnmanaged(plan: Plan, current: CurrentState): UnmanagedUser[] {
  const managed = new Set(plan.managed.users);
  const index = indexForPlan(current);
  const out: UnmanagedUser[] = [];
  for (const user of current.users) {
    const held = index.held.get(user.username);
    if (managed.has(user.username) || held === undefined || held.size === 0) continue;
    out.push({
      user: user.username,
      active: user.isActive,
      ignored: isIgnoredUser(user.username, plan.managed.ignore_users),
      roles: [...held]
        .map(([role, scope]) => ({ role, scope }))
        .sort((a, b) => compareStrings(a.role, b.role)),
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
