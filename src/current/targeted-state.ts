import { compareStrings } from '../model/index.js';
import type { CurrentState } from './types.js';

/**
 * A targeted read of the current state: some users, named by id, and every holder of some
 * roles (fetchTargetedState). What `apply` re-reads after planning: the users it changes,
 * the holders of the protected roles and the API user, instead of the whole studio.
 */
export interface StateTarget {
  /** The users to read, by id (an id no longer on the server is simply not found). */
  userIds: readonly string[];
  /** Role ids: every user holding one of them (any scope, active or not) is read too. */
  holdersOf: readonly string[];
}

/**
 * A partial CurrentState: every role and project, but of the users only those of
 * `userIds` that exist, each with all their assignments (and no groups). Code that works
 * per user (a change's scope, a user's digest) can use it as a CurrentState for those
 * users; anything that needs every user (the managed set, the state digest) must first
 * merge it into a whole state (mergeTargetedState).
 */
export interface TargetedState extends CurrentState {
  /** The ids of the users read, sorted: the target's and the holders found. */
  userIds: string[];
}

/** The ids a target names in a state: its users and every holder of its roles there. */
export function targetedUserIds(state: CurrentState, target: StateTarget): Set<string> {
  const ids = new Set(target.userIds);
  const roles = new Set(target.holdersOf);
  for (const a of state.assignments) if (roles.has(a.roleId)) ids.add(a.userId);
  return ids;
}

/**
 * The TargetedState of a whole state: what fetchTargetedState reads of `target` when the
 * server holds `state`.
 */
export function restrictState(state: CurrentState, target: StateTarget): TargetedState {
  const ids = targetedUserIds(state, target);
  return {
    server: state.server,
    users: state.users.filter((u) => ids.has(u.id)),
    projects: state.projects,
    roles: state.roles,
    assignments: state.assignments.filter((a) => ids.has(a.userId)),
    userIds: [...ids].sort(compareStrings),
  };
}

/**
 * A whole state from an older whole state and a later targeted read: the read's roles and
 * projects; the read users as read (a user of `read.userIds` not found is gone, one not in
 * `base` is new), and everyone else as in `base`. It is the server as far as the read
 * shows it: the users not read are assumed unchanged (their digest part is `base`'s).
 */
export function mergeTargetedState(base: CurrentState, read: TargetedState): CurrentState {
  const replaced = new Set(read.userIds);
  const byId = <T extends { id: string }>(a: T, b: T) => compareStrings(a.id, b.id);
  return {
    server: read.server,
    users: [...base.users.filter((u) => !replaced.has(u.id)), ...read.users].sort(byId),
    projects: read.projects,
    roles: read.roles,
    assignments: [
      ...base.assignments.filter((a) => !replaced.has(a.userId)),
      ...read.assignments,
    ].sort(byId),
    ...(base.groups === undefined ? {} : { groups: base.groups }),
  };
}
