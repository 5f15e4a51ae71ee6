import { createHash, type Hash } from 'node:crypto';
import { compareStrings } from '../model/index.js';
import type { CurrentAssignment, CurrentState, CurrentUser } from '../current/types.js';

type CanonicalAssignment = readonly [string, boolean, readonly string[]];
type CanonicalUser = readonly [string, string, boolean, CanonicalAssignment[]];

/**
 * The canonical form a plan depends on: roles (id, name, type), projects (id, name,
 * is_private) and, for each managed username that exists, its id, is_active and
 * assignments (role id, all_open, sorted project ids). Everything sorted, so the row order
 * of the server does not matter.
 */
export function canonicalState(
  state: CurrentState,
  managed: ReadonlySet<string>,
): Record<string, unknown> {
  const byUser = groupManagedAssignments(state, managed);
  const users = sortManagedUsers(state, managed).map((user) => canonicalUser(user, byUser));
  return { v: 1, roles: canonicalRoles(state), projects: canonicalProjects(state), users };
}

/**
 * `sha256:<hex>` over the canonical form of the state (see canonicalState): the JSON text
 * of that form, hashed user by user instead of built and serialised at once.
 */
export function computeStateDigest(state: CurrentState, managed: ReadonlySet<string>): string {
  const hash = createHash('sha256');
  const roles = JSON.stringify(canonicalRoles(state));
  const projects = JSON.stringify(canonicalProjects(state));
  hash.update(`{"v":1,"roles":${roles},"projects":${projects},"users":[`);
  const byUser = groupManagedAssignments(state, managed);
  const out = new ChunkedHash(hash);
  let first = true;
  for (const user of sortManagedUsers(state, managed)) {
    out.write((first ? '' : ',') + JSON.stringify(canonicalUser(user, byUser)));
    first = false;
  }
  out.write(']}');
  out.flush();
  return `sha256:${hash.digest('hex')}`;
}

/**
 * Each of some users' part of the canonical form (username, id, is_active, assignments) as
 * JSON text, by user id (users not in the state are left out): two states differ for a
 * user exactly when these texts do.
 */
export function canonicalUserTexts(
  state: CurrentState,
  userIds: ReadonlySet<string>,
): Map<string, string> {
  const byUser = groupAssignments(state, (user) => userIds.has(user.id));
  const texts = new Map<string, string>();
  for (const user of state.users) {
    if (userIds.has(user.id)) texts.set(user.id, JSON.stringify(canonicalUser(user, byUser)));
  }
  return texts;
}

/** Feeds a hash in chunks of about 256 kB (many tiny updates cost more than the hashing). */
class ChunkedHash {
  #pending: string[] = [];
  #length = 0;

  constructor(readonly hash: Hash) {}

  write(text: string): void {
    this.#pending.push(text);
    this.#length += text.length;
    if (this.#length >= 262_144) this.flush();
  }

  flush(): void {
    if (this.#pending.length > 0) this.hash.update(this.#pending.join(''));
    this.#pending = [];
    this.#length = 0;
  }
}

function canonicalRoles(state: CurrentState): (readonly [string, string, string])[] {
  return state.roles
    .map((r) => [r.id, r.name, r.type] as const)
    .sort((a, b) => compareStrings(a[0], b[0]));
}

function canonicalProjects(state: CurrentState): (readonly [string, string, boolean])[] {
  return state.projects
    .map((p) => [p.id, p.name, p.isPrivate] as const)
    .sort((a, b) => compareStrings(a[0], b[0]));
}

function sortManagedUsers(state: CurrentState, managed: ReadonlySet<string>): CurrentUser[] {
  return state.users
    .filter((u) => managed.has(u.username))
    .sort((a, b) => compareStrings(a.username, b.username) || compareStrings(a.id, b.id));
}

/** The assignments of the managed users' ids, by user id (others are skipped). */
function groupManagedAssignments(
  state: CurrentState,
  managed: ReadonlySet<string>,
): Map<string, CurrentAssignment[]> {
  return groupAssignments(state, (user) => managed.has(user.username));
}

/** The assignments of the users `wanted` picks, by user id (others are skipped). */
function groupAssignments(
  state: CurrentState,
  wanted: (user: CurrentUser) => boolean,
): Map<string, CurrentAssignment[]> {
  const byUser = new Map<string, CurrentAssignment[]>();
  for (const user of state.users) if (wanted(user)) byUser.set(user.id, []);
  for (const assignment of state.assignments) byUser.get(assignment.userId)?.push(assignment);
  return byUser;
}

function canonicalUser(
  user: CurrentUser,
  byUser: ReadonlyMap<string, CurrentAssignment[]>,
): CanonicalUser {
  const assignments = (byUser.get(user.id) ?? [])
    .map((a): CanonicalAssignment => [a.roleId, a.allOpen, sortedUnique(a.projectIds)])
    .sort((a, b) => compareStrings(a[0], b[0]));
  return [user.username, user.id, user.isActive, assignments];
}

/** The ids sorted without duplicates; a list already so (the usual case) is used as is. */
function sortedUnique(ids: readonly string[]): readonly string[] {
  for (let i = 1; i < ids.length; i++) {
    if (compareStrings(ids[i - 1]!, ids[i]!) >= 0) return [...new Set(ids)].sort(compareStrings);
  }
  return ids;
}
