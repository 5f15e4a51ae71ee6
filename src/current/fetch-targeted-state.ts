import { chunk, idIn, queryPages } from '../session/index.js';
import { compareStrings } from '../model/index.js';
import type { EntityData } from '../wire/index.js';
import { CURRENT_STATE_QUERIES, type StateSource } from './fetch-current-state.js';
import {
  AssignmentJoin,
  readHolderId,
  readProject,
  readRole,
  readUser,
  readUserType,
  readUserTypeId,
} from './read-rows.js';
import type { StateTarget, TargetedState } from './targeted-state.js';
import type { CurrentProject, CurrentRole, CurrentUser } from './types.js';

/**
 * Ids per `in (...)` list: some 9 KB of query text with UUIDs (36 characters, quoted and
 * escaped in the JSON body), far below any request size limit a server sets.
 */
export const IDS_PER_QUERY = 200;

/**
 * The targeted reads (fetchTargetedState): the snapshot's queries restricted to users by
 * id, `where ... in (<at most IDS_PER_QUERY ids>)`, and the query finding the holders of
 * roles. Paged as the bulk reads are (`order by id offset N limit M`).
 */
export const TARGETED_STATE_QUERIES = {
  User: (ids: readonly string[]) => `${CURRENT_STATE_QUERIES.User} where ${idIn('id', ids).text}`,
  UserSecurityRole: (ids: readonly string[]) =>
    `${CURRENT_STATE_QUERIES.UserSecurityRole} where ${idIn('user_id', ids).text}`,
  holders: (roleIds: readonly string[]) =>
    `select id, user_id from UserSecurityRole where ${idIn('security_role_id', roleIds).text}`,
} as const;

/**
 * Reads the part of the current state that `target` names (a TargetedState): the small
 * tables whole (SecurityRole, Project, UserType); the target's users and every
 * UserSecurityRole row of theirs with its UserSecurityRoleProject rows nested; and the same
 * of every other user holding one of `target.holdersOf` now. The rows and requests grow
 * with the users read, not with the studio: ids go `IDS_PER_QUERY` to a query, and the
 * holders are found while the target's users are read. Gives what
 * `restrictState(fetchCurrentState(session), target)` gives when nothing changes
 * meanwhile. Throws UnsafeQueryValueError for an id that cannot be written into a query.
 */
export async function fetchTargetedState(
  session: StateSource,
  target: StateTarget,
): Promise<TargetedState> {
  const given = [...new Set(target.userIds)];
  const known = new Set(given);
  const reader = new TargetedReader(session);
  const readGiven = reader.queriesOf(given); // built first: an unsafe id sends nothing
  const roleIds = [...new Set(target.holdersOf)];
  const readHolders = async (): Promise<string[]> => {
    const found = roleIds.length === 0 ? [] : await reader.holders(roleIds);
    const others = [...new Set(found)].filter((id) => !known.has(id));
    await reader.users(reader.queriesOf(others));
    return others;
  };
  const [, , others] = await Promise.all([
    reader.directory(),
    reader.users(readGiven),
    readHolders(),
  ]);
  return reader.finish(session.server, [...given, ...others]);
}

/** The queries that read some users (their rows, assignments and grants). */
interface UserQueries {
  user: string;
  /** Their UserSecurityRole rows, each with its grants nested. */
  roles: string;
}

/** The rows of a targeted read, converted page by page. */
class TargetedReader {
  readonly #users: CurrentUser[] = [];
  readonly #typeIds = new Map<CurrentUser, string>();
  readonly #typeNames = new Map<string, string>();
  readonly #projects: CurrentProject[] = [];
  readonly #roles: CurrentRole[] = [];
  readonly #assignments = new AssignmentJoin();

  constructor(readonly session: StateSource) {}

  #read(expression: string, consume: (rows: readonly EntityData[]) => void): Promise<number> {
    return queryPages(this.session, expression, consume);
  }

  /** The ids of the users holding one of the roles (an assignment, whatever its scope). */
  async holders(roleIds: readonly string[]): Promise<string[]> {
    const ids: string[] = [];
    const queries = chunk(roleIds, IDS_PER_QUERY).map((part) =>
      TARGETED_STATE_QUERIES.holders(part),
    );
    await Promise.all(
      queries.map((q) =>
        this.#read(q, (rows) => {
          for (const row of rows) ids.push(readHolderId(row));
        }),
      ),
    );
    return ids;
  }

  /** The small tables, read whole. */
  async directory(): Promise<void> {
    await Promise.all([
      this.#read(CURRENT_STATE_QUERIES.UserType, (rows) => {
        for (const row of rows) {
          const type = readUserType(row);
          this.#typeNames.set(type.id, type.name);
        }
      }),
      this.#read(CURRENT_STATE_QUERIES.Project, (rows) => {
        for (const row of rows) this.#projects.push(readProject(row));
      }),
      this.#read(CURRENT_STATE_QUERIES.SecurityRole, (rows) => {
        for (const row of rows) this.#roles.push(readRole(row));
      }),
    ]);
  }

  queriesOf(ids: readonly string[]): UserQueries[] {
    return chunk(ids, IDS_PER_QUERY).map((part) => ({
      user: TARGETED_STATE_QUERIES.User(part),
      roles: TARGETED_STATE_QUERIES.UserSecurityRole(part),
    }));
  }

  /** Reads users: their rows and their UserSecurityRole rows (grants nested). */
  async users(queries: readonly UserQueries[]): Promise<void> {
    await Promise.all(
      queries.flatMap((q) => [
        this.#read(q.user, (rows) => this.#addUsers(rows)),
        this.#read(q.roles, (rows) => this.#assignments.addRoleRows(rows)),
      ]),
    );
  }

  #addUsers(rows: readonly EntityData[]): void {
    for (const row of rows) {
      const user = readUser(row);
      this.#users.push(user);
      const typeId = readUserTypeId(row);
      if (typeId !== undefined) this.#typeIds.set(user, typeId);
    }
  }

  finish(server: string, userIds: readonly string[]): TargetedState {
    for (const [user, typeId] of this.#typeIds) {
      const name = this.#typeNames.get(typeId);
      if (name !== undefined) user.type = name;
    }
    return {
      server,
      users: this.#users.sort((a, b) => compareStrings(a.id, b.id)),
      projects: this.#projects,
      roles: this.#roles,
      assignments: this.#assignments.finish(),
      userIds: [...userIds].sort(compareStrings),
    };
  }
}
