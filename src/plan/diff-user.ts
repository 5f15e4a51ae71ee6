import type { DesiredState } from '../desired/types.js';
import {
  compareStrings,
  scopesEqual,
  type RoleName,
  type Scope,
  type UserName,
} from '../model/index.js';
import type { PlanIndex } from './current-index.js';
import type { Swap, Transition } from './operations.js';
import type { ResolvedUser } from './resolve.js';
import { formatSources } from './scope.js';
import type { PlanChange } from './types.js';

export interface UserDiff {
  changes: PlanChange[];
  transitions: Transition[];
  swaps: Swap[];
}

/**
 * The changes of one managed user: every role they hold or should hold whose scope differs
 * from the desired one (in canonical form, see scope.ts). Undeclared and retired roles are
 * removed. Explicit grants of open projects under all-open are not desired: they add no
 * access today but would keep the project reachable if it were made private, so they are
 * revoked. `after` is exactly what the server will hold.
 */
export function diffManagedUser(
  username: UserName,
  wanted: ResolvedUser | undefined,
  desired: DesiredState,
  index: PlanIndex,
): UserDiff {
  const held = index.held.get(username) ?? new Map<RoleName, Scope>();
  const roles = [...new Set([...held.keys(), ...(wanted?.roles.keys() ?? [])])].sort(
    compareStrings,
  );
  const changes: PlanChange[] = [];
  for (const role of roles) {
    const before = held.get(role) ?? null;
    const grant = wanted?.roles.get(role);
    const retired = desired.catalogue.get(role)?.retired === true;
    const target = retired || grant === undefined ? null : grant.scope;
    if (scopesEqual(before, target)) continue;
    const after = target;
    changes.push({
      user: username,
      role,
      action: before === null ? 'assign' : after === null ? 'remove' : 'modify',
      reason: target !== null ? 'desired' : retired ? 'retired' : 'undeclared',
      before,
      after,
      sources: formatSources(
        grant !== undefined && target !== null
          ? grant.sources
          : retired
            ? [desired.catalogue.get(role)!.source]
            : (wanted?.sources ?? []),
      ),
    });
  }
  const swaps = pairSwaps(changes);
  const swapped = new Set(swaps.flatMap((s) => [s.from, s.to]));
  const transitions = changes
    .filter((c) => !swapped.has(c.role))
    .map(({ user, role, before, after }) => ({ user, role, before, after }));
  return { changes, transitions, swaps };
}

/**
 * A removed role and an assigned role of one user with exactly the same scope become one
 * `update_user_security_role` (the server keeps the scope). Also used by apply to check
 * that a saved plan's operations match its changes.
 */
export function pairSwaps(changes: readonly PlanChange[]): Swap[] {
  const removed = changes.filter((c) => c.action === 'remove');
  const swaps: Swap[] = [];
  for (const added of changes.filter((c) => c.action === 'assign')) {
    const match = removed.find((r) => r.user === added.user && scopesEqual(r.before, added.after));
    if (match === undefined) continue;
    removed.splice(removed.indexOf(match), 1);
    swaps.push({ user: added.user, from: match.role, to: added.role });
  }
  return swaps;
}
