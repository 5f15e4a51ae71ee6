import type { RoleName, Scope, UserName } from '../model/index.js';
import type { SecurityRoleOperation } from '../wire/index.js';
import { InternalError } from '../diagnostics/index.js';
import type { PlanIndex } from './current-index.js';

/** One (user, role) pair going from its current scope to the scope it will hold. */
export interface Transition {
  user: UserName;
  role: RoleName;
  before: Scope | null;
  after: Scope | null;
}

/** A role replaced by another with the same scope: one `update_user_security_role`. */
export interface Swap {
  user: UserName;
  from: RoleName;
  to: RoleName;
}

interface Phases {
  grants: SecurityRoleOperation[];
  swaps: SecurityRoleOperation[];
  revokes: SecurityRoleOperation[];
  removes: SecurityRoleOperation[];
}

/**
 * The operations realising the transitions, in an order where every step is valid on a
 * strict server and nobody loses access they keep: adds and grants first (an added role
 * gets all-open before its private projects), then role swaps, then revokes, then role
 * removals last. One exception is forced by the server: a project cannot be granted on an
 * open project while the role is on all open projects, so when a role leaves all-open for
 * a list that includes open projects it does not hold explicitly yet, all-open is revoked
 * right before those grants (inside the same atomic call). The other: a role turning
 * all-open on while it holds private projects has them revoked first and the kept ones
 * granted again after, since servers may keep or drop them when all-open is granted.
 */
export function buildOperations(
  transitions: readonly Transition[],
  swaps: readonly Swap[],
  index: PlanIndex,
): SecurityRoleOperation[] {
  const phases: Phases = { grants: [], swaps: [], revokes: [], removes: [] };
  for (const t of transitions) addTransition(t, index, phases);
  for (const s of swaps) {
    phases.swaps.push({
      action: 'update_user_security_role',
      user_id: idOf(index.users, s.user),
      role_id: idOf(index.roles, s.from),
      new_role_id: idOf(index.roles, s.to),
    });
  }
  return [...phases.grants, ...phases.swaps, ...phases.revokes, ...phases.removes];
}

function addTransition(t: Transition, index: PlanIndex, phases: Phases): void {
  const ids = { user_id: idOf(index.users, t.user), role_id: idOf(index.roles, t.role) };
  const project = (name: string) => ({ ...ids, project_id: idOf(index.projects, name) });
  const allOpen = { ...ids, all_open_projects: true };
  if (t.after === null) {
    if (t.before !== null) phases.removes.push({ action: 'remove_user_security_role', ...ids });
    return;
  }
  const before = t.before ?? { all_open: false, projects: [] };
  if (t.before === null) phases.grants.push({ action: 'add_user_security_role', ...ids });
  const heldPrivate = before.projects.filter((p) => !index.isOpen(p));
  if (!before.all_open && t.after.all_open && heldPrivate.length > 0) {
    // Whether granting all-open keeps or drops the role's project grants is not documented
    // (protocol notes 6.2): the private grants go first and the kept ones come back after,
    // so the server ends with the same access either way (inside the same atomic call).
    // Explicit open grants are left: dropped or kept, they add nothing under all-open.
    for (const name of heldPrivate) {
      phases.grants.push({ action: 'revoke_user_security_role_project', ...project(name) });
    }
    phases.grants.push({ action: 'grant_user_security_role_project', ...allOpen });
    for (const name of t.after.projects.filter((p) => !index.isOpen(p))) {
      phases.grants.push({ action: 'grant_user_security_role_project', ...project(name) });
    }
    return;
  }
  const held = new Set(before.projects);
  const kept = new Set(t.after.projects);
  const granted = t.after.projects.filter((p) => !held.has(p));
  const leavesAllOpen = before.all_open && !t.after.all_open;
  const revokeFirst = leavesAllOpen && granted.some((p) => index.isOpen(p));
  if (revokeFirst) {
    phases.grants.push({ action: 'revoke_user_security_role_project', ...allOpen });
  }
  if (!before.all_open && t.after.all_open) {
    phases.grants.push({ action: 'grant_user_security_role_project', ...allOpen });
  }
  for (const name of granted) {
    phases.grants.push({ action: 'grant_user_security_role_project', ...project(name) });
  }
  for (const name of before.projects.filter((p) => !kept.has(p))) {
    phases.revokes.push({ action: 'revoke_user_security_role_project', ...project(name) });
  }
  if (leavesAllOpen && !revokeFirst) {
    phases.revokes.push({ action: 'revoke_user_security_role_project', ...allOpen });
  }
}

function idOf(map: Map<string, { id: string }>, name: string): string {
  const found = map.get(name);
  if (found === undefined) throw new InternalError(`planner bug: no id for "${name}"`);
  return found.id;
}
