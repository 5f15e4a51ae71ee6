import { computeStateDigest } from './state-digest.js';
import type { CurrentDirectory, CurrentState } from '../current/types.js';
import { dropExpiredGrants, findExpiringSources, findExpiryDiagnostics } from './expiry.js';
import type { DesiredState } from '../desired/types.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/index.js';
import { compareStrings, formatSource, Handover, receive, type UserName } from '../model/index.js';
import { diffManagedUser } from './diff-user.js';
import { indexForPlan, type PlanIndex } from './current-index.js';
import { checkPlanSafety } from './guards.js';
import { isExemptUnlessDeclared, selectManagedUsers } from './managed.js';
import { managedRule, ownedRoles, undeclaredHolders, userStanding } from './ownership.js';
import {
  annotateExpired,
  annotateExpiring,
  findLargePlan,
  markIgnoredMembers,
} from './plan-annotations.js';
import { buildOperations, type Swap, type Transition } from './operations.js';
import { resolveDesiredState, type ResolvedDesired } from './resolve.js';
import { countRemovals } from './scope.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanChange, type PlanSummary } from './types.js';

export interface PlanInput {
  desired: DesiredState;
  current: CurrentState;
  /** The acting API user (the connection's `ftrack-user`). */
  apiUser: UserName;
  /** `--allow-removals N`. */
  allowRemovals?: number;
  /**
   * The current time: scopes whose `until` day (UTC) has come are no longer desired. The
   * planner never reads the clock itself.
   */
  now: Date;
}

export interface PlanResult {
  plan: Plan;
  /** Plan-time diagnostics and safety warnings, sorted; errors make the plan unusable (exit 1). */
  diagnostics: Diagnostic[];
  /** Safety rules that refuse this plan (exit 3); empty when the plan is safe. */
  refusals: Diagnostic[];
}

/**
 * Computes the plan (pure): resolves the desired state against the server, selects the
 * managed users, diffs every managed (user, role) pair, orders the operations and checks
 * the safety rules on the state the plan would produce.
 */
export function planChanges(input: PlanInput): PlanResult {
  return completePlan(preparePlan({ ...input, directory: input.current }), input);
}

/** What preparePlan needs: the desired state and the server's directory (no assignments). */
export interface PreparePlanInput {
  /**
   * The desired state. Handed over (model/handover.ts), it is used up: its users are let
   * go as they are resolved, so that the desired and the resolved users of a large studio
   * are never all alive at once. Passed as is, it is not changed.
   */
  desired: DesiredState | Handover<DesiredState>;
  directory: CurrentDirectory;
  now: Date;
}

/**
 * The part of a plan that does not depend on the assignments (see preparePlan). It keeps
 * only what completePlan needs of the desired state, not the state itself: the caller may
 * let the desired state go (its per-project sources are most of a large studio's memory).
 */
export interface PreparedPlan {
  config: Pick<DesiredState, 'settings' | 'catalogue' | 'configDigest' | 'mentionedRoles'> & {
    /** True when a config group reads its members from an ftrack group. */
    usesFtrackGroups: boolean;
    /** The roles the files own: mentioned and not `ownership: additive` (ownership.ts). */
    ownedRoles: ReadonlySet<string>;
  };
  /** The grants whose `until:` day has come (dropExpiredGrants). */
  expired: ReturnType<typeof dropExpiredGrants>['expired'];
  /** Expiry warnings, found on the desired state as given. */
  expiryDiagnostics: Diagnostic[];
  /** The sources of the grants that end on a later day, and that day (findExpiringSources). */
  expiring: ReadonlyMap<string, string>;
  resolved: ResolvedDesired;
}

/**
 * The first half of planChanges: drops ended grants, resolves names against the server's
 * users, projects, roles and groups, and selects the managed users. It needs no
 * assignment, so the plan pipeline runs it while the assignments are still being read.
 */
export function preparePlan(input: PreparePlanInput): PreparedPlan {
  const { value: desired, owned } = receive(input.desired);
  const expiryDiagnostics = findExpiryDiagnostics(desired, input.now);
  const live = dropExpiredGrants(desired, input.now);
  const expiring = findExpiringSources(live.desired);
  // An owned state's users are held by `live` from here; the resolver lets them go.
  if (owned) desired.users.clear();
  const { settings, catalogue, configDigest, groups, mentionedRoles } = live.desired;
  const usesFtrackGroups = [...groups.values()].some((g) => g.ftrackGroup !== undefined);
  const resolved = resolveDesiredState(
    owned ? new Handover(live.desired) : live.desired,
    input.directory,
  );
  const config = {
    settings,
    catalogue,
    configDigest,
    mentionedRoles,
    usesFtrackGroups,
    ownedRoles: ownedRoles(mentionedRoles, catalogue, resolved.unresolvedRoles),
  };
  return { config, expired: live.expired, expiryDiagnostics, expiring, resolved };
}

/**
 * The second half of planChanges: diffs the managed users against the assignments, orders
 * the operations, digests the state and checks the safety rules. `current` must be the
 * state whose directory `prepared` was made from.
 */
export function completePlan(
  prepared: PreparedPlan,
  input: Pick<PlanInput, 'current' | 'apiUser' | 'allowRemovals'>,
): PlanResult {
  const { current } = input;
  const { config, resolved } = prepared;
  const index = indexForPlan(current);
  const settings = config.settings;
  const rule = managedRule(prepared, input.apiUser);
  const managed = selectManagedUsers(rule, namedUsers(resolved, index, input.apiUser), current);
  const changes: PlanChange[] = [];
  const transitions: Transition[] = [];
  const swaps: Swap[] = [];
  for (const username of managed) {
    const wanted = resolved.users.get(username);
    const standing = userStanding(username, wanted, index, prepared);
    const diff = diffManagedUser(username, wanted, standing, index);
    changes.push(...diff.changes);
    transitions.push(...diff.transitions);
    swaps.push(...diff.swaps);
  }
  changes.sort((a, b) => compareStrings(a.user, b.user) || compareStrings(a.role, b.role));
  const plan: Plan = {
    format_version: PLAN_FORMAT_VERSION,
    server: current.server,
    api_user: input.apiUser,
    config_digest: config.configDigest,
    state_digest: computeStateDigest(current, new Set(managed)),
    managed: {
      manage: settings.manage,
      ignore_users: [...settings.ignoreUsers],
      inactive_users: settings.inactiveUsers,
      owned_roles: [...config.ownedRoles],
      users: managed,
    },
    safety: {
      max_removals: settings.maxRemovals,
      protected: settings.protected.map((p) => ({ role: p.role, min_holders: p.minHolders })),
    },
    globs: resolved.globs,
    ...(config.usesFtrackGroups
      ? { groups: markIgnoredMembers(resolved.groups, settings.ignoreUsers) }
      : {}),
    changes: annotateExpiring(
      annotateExpired(changes, prepared.expired, resolved.groups),
      prepared.expiring,
    ),
    operations: buildOperations(transitions, swaps, index),
    summary: summarizeChanges(changes),
    warnings: [],
  };
  const safety = checkPlanSafety(plan, current, {
    settings,
    index,
    ...(input.allowRemovals === undefined ? {} : { allowRemovals: input.allowRemovals }),
  });
  const undeclared =
    settings.manage === 'declared' ? undeclaredHolders(rule, current, new Set(managed)) : [];
  const diagnostics = [
    ...sortDiagnostics([...resolved.diagnostics, ...prepared.expiryDiagnostics, ...undeclared]),
    ...safety.filter((d) => d.severity !== 'error'),
    ...findLargePlan(plan.operations.length),
  ];
  plan.warnings = diagnostics
    .filter((d) => d.severity === 'warning')
    .map((d) => ({
      code: d.code,
      summary: d.summary,
      ...(d.source ? { source: formatSource(d.source) } : {}),
      ...(d.hint ? { hint: d.hint } : {}),
    }));
  return { plan, diagnostics, refusals: safety.filter((d) => d.severity === 'error') };
}

/**
 * The users the config names: every resolved user but the API user and service accounts
 * when only `members: all-active` names them (they are never baseline members).
 */
function namedUsers(resolved: ResolvedDesired, index: PlanIndex, apiUser: UserName): UserName[] {
  const named: UserName[] = [];
  for (const user of resolved.users.values()) {
    const known = index.users.get(user.username);
    if (!user.declared && known !== undefined && isExemptUnlessDeclared(known, apiUser)) continue;
    named.push(user.username);
  }
  return named;
}

export function summarizeChanges(changes: readonly PlanChange[]): PlanSummary {
  const count = (action: PlanChange['action']) => changes.filter((c) => c.action === action).length;
  return {
    users: new Set(changes.map((c) => c.user)).size,
    changes: changes.length,
    assign: count('assign'),
    remove: count('remove'),
    modify: count('modify'),
    removals: changes.reduce((sum, c) => sum + countRemovals(c.before, c.after), 0),
  };
}
