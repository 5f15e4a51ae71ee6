import { compareStrings, type RoleName, type Scope, type UserName } from '../model/index.js';
import type { PlanIndex } from './current-index.js';
import type { Swap, Transition } from './operations.js';
import type { ResolvedUser } from './resolve.js';
import { formatSources } from '../model/index.js';
import { makeScope, sameAccess } from './scope.js';
import type { UserStanding } from './ownership.js';
import type { ChangeReason, PlanChange } from './types.js';

export interface UserDiff {
  changes: PlanChange[];
  transitions: Transition[];
  swaps: Swap[];
}

/**
 * The changes of one managed user: every role the plan decides for them (standing.covers)
 * that they hold or should hold, whose access differs. Retired roles are removed, and so
 * are undesired roles: of a declared user, not declared (an owned role of another user),
 * of an inactive user (`inactive_users: remove`). An additive role is never reduced. An
 * all-open scope keeps the explicit grants of open projects it already has (they add no
 * access; see scope.ts), so `after` is exactly what the server will hold.
 */
export function diffManagedUser(
  username: UserName,
  wanted: ResolvedUser | undefined,
  standing: UserStanding,
  index: PlanIndex,
): UserDiff {
  const held = index.held.get(username) ?? new Map<RoleName, Scope>();
  const roles = [...new Set([...held.keys(), ...(wanted?.roles.keys() ?? [])])]
    .filter(standing.covers)
    .sort(compareStrings);
  const changes: PlanChange[] = [];
  for (const role of roles) {
    const before = held.get(role) ?? null;
    const grant = standing.inactiveRemoved ? undefined : wanted?.roles.get(role);
    const retired = standing.retired(role);
    let target = retired || grant === undefined ? null : grant.scope;
    if (standing.additive(role) && !retired) target = union(before, target, index.isOpen);
    if (sameAccess(before, target, index.isOpen)) continue;
    const after = target === null ? null : finalScope(before, target, index.isOpen);
    const reason = whyChanged(target !== null, retired, standing);
    const mention = standing.mention(role);
    changes.push({
      user: username,
      role,
      action: before === null ? 'assign' : after === null ? 'remove' : 'modify',
      reason,
      before,
      after,
      sources: formatSources(
        grant !== undefined && target !== null
          ? grant.sources
          : mention !== undefined &&
              (reason === 'retired' || reason === 'not-declared' || !standing.declared)
            ? [mention]
            : (wanted?.sources ?? []),
      ),
    });
  }
  const swaps = pairSwaps(changes, index.isOpen);
  const swapped = new Set(swaps.flatMap((s) => [s.from, s.to]));
  const transitions = changes
    .filter((c) => !swapped.has(c.role))
    .map(({ user, role, before, after }) => ({ user, role, before, after }));
  return { changes, transitions, swaps };
}

function whyChanged(desired: boolean, retired: boolean, standing: UserStanding): ChangeReason {
  if (desired) return 'desired';
  if (retired) return 'retired';
  if (standing.inactiveRemoved) return 'inactive';
  return standing.declared ? 'undeclared' : 'not-declared';
}

/**
 * An additive role's target: what is held and what is desired, together. Under all-open, a
 * desired open project adds nothing (and a strict server refuses the grant): only the
 * held explicit grants and the private projects stay listed.
 */
function union(
  before: Scope | null,
  target: Scope | null,
  isOpen: (p: string) => boolean,
): Scope | null {
  if (before === null || target === null) return before ?? target;
  const allOpen = before.all_open || target.all_open;
  const added = allOpen ? target.projects.filter((p) => !isOpen(p)) : target.projects;
  return makeScope(allOpen, [...before.projects, ...added]);
}

/** The scope the server will hold: the target, plus explicit open grants all-open keeps. */
function finalScope(before: Scope | null, target: Scope, isOpen: (p: string) => boolean): Scope {
  if (!target.all_open || before === null) return target;
  return makeScope(true, [...target.projects, ...before.projects.filter(isOpen)]);
}

/**
 * A removed role and an assigned role of one user with the same access become one
 * `update_user_security_role` (the server keeps the scope). The assigned change's `after`
 * is then the removed role's scope as held. Apply uses the same pairing to check that a
 * saved plan's operations follow from its changes.
 */
export function pairSwaps(changes: PlanChange[], isOpen: (project: string) => boolean): Swap[] {
  const removed = changes.filter((c) => c.action === 'remove');
  const swaps: Swap[] = [];
  for (const added of changes.filter((c) => c.action === 'assign')) {
    const match = removed.find(
      (r) => r.user === added.user && sameAccess(r.before, added.after, isOpen),
    );
    if (match === undefined) continue;
    removed.splice(removed.indexOf(match), 1);
    added.after = match.before;
    swaps.push({ user: added.user, from: match.role, to: added.role });
  }
  return swaps;
}
