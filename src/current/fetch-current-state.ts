import {
  InconsistentPagingError,
  queryPages,
  queryPagesAsTheyCome,
  type QueryRunner,
} from '../session/index.js';
import { compareStrings } from '../model/index.js';
import type { EntityData } from '../wire/index.js';
import {
  AssignmentJoin,
  GRANTS_ATTRIBUTE,
  readGroups,
  readProject,
  readRole,
  readUser,
  readUserType,
  readUserTypeId,
} from './read-rows.js';
import type {
  CurrentDirectory,
  CurrentProject,
  CurrentRole,
  CurrentState,
  CurrentUser,
} from './types.js';

/** What fetchCurrentState needs of a session. */
export interface StateSource extends QueryRunner {
  readonly server: string;
}

export interface FetchProgress {
  table: string;
  rows: number;
}

export interface FetchCurrentStateOptions {
  /**
   * Also read ftrack groups and their memberships. A promise when this is not known yet
   * (the plan pipeline starts reading before the config is checked): the group tables are
   * read once it resolves to true, and the directory waits for it.
   */
  groups?: boolean | Promise<boolean>;
  onProgress?: (progress: FetchProgress) => void;
  pageSize?: number;
  /** Pages in flight per table. */
  concurrency?: number;
}

/**
 * The bulk queries of a snapshot: one paged query per table, whatever the number of users
 * (protocol notes §6.5; only attributes present in every known schema). The
 * UserSecurityRoleProject rows come nested in their UserSecurityRole rows (a collection
 * projection: an array of objects, protocol notes §3), so a role and its grants are read
 * in one answer and the grants cost no requests of their own.
 */
export const CURRENT_STATE_QUERIES = {
  User: 'select id, username, is_active, user_type_id from User',
  UserType: 'select id, name from UserType',
  Project: 'select id, name, full_name, is_private, status from Project',
  SecurityRole: 'select id, name, type from SecurityRole',
  // Each role's project grants nested in it: the largest table (UserSecurityRoleProject)
  // costs no requests of its own.
  UserSecurityRole: `select id, user_id, security_role_id, is_all_open_projects, ${GRANTS_ATTRIBUTE}.project_id from UserSecurityRole`,
  Group: 'select id, name, parent_id from Group',
  Membership: 'select id, group_id, user_id from Membership',
} as const;

type Table = keyof typeof CURRENT_STATE_QUERIES;

/**
 * Reads the current state: users, projects, roles, assignments and (if asked) groups. The
 * tables are read concurrently and their rows converted page by page, so no raw row is
 * kept once its page is converted.
 */
export async function fetchCurrentState(
  session: StateSource,
  options: FetchCurrentStateOptions = {},
): Promise<CurrentState> {
  const reading = startCurrentStateRead(session, options);
  reading.directory.catch(() => undefined); // its failure is the state's failure
  return reading.state;
}

/** A read under way (startCurrentStateRead). */
export interface CurrentStateRead {
  /** Resolves once users, projects, roles (and groups, if asked) are read. */
  directory: Promise<CurrentDirectory>;
  /** Resolves once everything is read; rejects with the first error of any table. */
  state: Promise<CurrentState>;
}

/**
 * Starts reading the current state (like fetchCurrentState) and hands out the directory
 * as soon as its tables are read: the planner resolves names against it while the much
 * larger assignment tables are still arriving. A caller that awaits `directory` should
 * also handle `state`'s rejection (both reject when a directory table fails).
 */
export function startCurrentStateRead(
  session: StateSource,
  options: FetchCurrentStateOptions = {},
): CurrentStateRead {
  const paging = (table: Table) => ({
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    onPage: (rows: number) => options.onProgress?.({ table, rows }),
  });
  const read = (table: Table, consume: (rows: readonly EntityData[]) => void): Promise<number> =>
    queryPages(session, CURRENT_STATE_QUERIES[table], consume, paging(table));
  // Pages taken as they come (see queryPagesAsTheyCome), for tables read into a join or
  // sorted afterwards: their rows never wait, parsed, for the pages before them. A server
  // whose pages do not fit that way has the table read again, in order, from scratch.
  const join = (
    table: Table,
    consume: (rows: readonly EntityData[]) => void,
    drop: () => void,
  ): Promise<number> =>
    queryPagesAsTheyCome(session, CURRENT_STATE_QUERIES[table], consume, paging(table)).catch(
      (error: unknown) => {
        if (!(error instanceof InconsistentPagingError)) throw error;
        drop();
        return read(table, consume);
      },
    );
  const users: CurrentUser[] = [];
  /** Each user's UserType id, until the type names are known. */
  const typeIds = new Map<CurrentUser, string>();
  const typeNames = new Map<string, string>();
  const projects: CurrentProject[] = [];
  const roles: CurrentRole[] = [];
  const assignments = new AssignmentJoin();
  let wantGroups = false;
  const groupRows: EntityData[] = [];
  const membershipRows: EntityData[] = [];
  // The assignments (with their grants) first: the longest table, so its pages are asked
  // for before the small tables take the connections.
  const joined = join(
    'UserSecurityRole',
    (rows) => assignments.addRoleRows(rows),
    () => assignments.dropRoleRows(),
  );
  const directory = Promise.all([
    // Users are taken as they come too (a large table) and put in id order at the end.
    join(
      'User',
      (rows) => {
        for (const row of rows) {
          const user = readUser(row);
          users.push(user);
          const typeId = readUserTypeId(row);
          if (typeId !== undefined) typeIds.set(user, typeId);
        }
      },
      () => {
        users.length = 0;
        typeIds.clear();
      },
    ),
    read('UserType', (rows) => {
      for (const row of rows) {
        const type = readUserType(row);
        typeNames.set(type.id, type.name);
      }
    }),
    read('Project', (rows) => pushAll(projects, rows, readProject)),
    read('SecurityRole', (rows) => pushAll(roles, rows, readRole)),
    Promise.resolve(options.groups).then((groups) => {
      if (groups !== true) return undefined;
      wantGroups = true;
      return Promise.all([
        read('Group', (rows) => pushAll(groupRows, rows, (row) => row)),
        read('Membership', (rows) => pushAll(membershipRows, rows, (row) => row)),
      ]);
    }),
  ]).then((): CurrentDirectory => {
    for (const [user, typeId] of typeIds) {
      const name = typeNames.get(typeId);
      if (name !== undefined) user.type = name;
    }
    typeIds.clear();
    users.sort((a, b) => compareStrings(a.id, b.id));
    const found: CurrentDirectory = { server: session.server, users, projects, roles };
    if (wantGroups) found.groups = readGroups(groupRows, membershipRows);
    return found;
  });
  const state = Promise.all([directory, joined]).then(([known]): CurrentState => ({
    ...known,
    assignments: assignments.finish(),
  }));
  return { directory, state };
}

function pushAll<T>(into: T[], rows: readonly EntityData[], convert: (row: EntityData) => T): void {
  for (const row of rows) into.push(convert(row));
}
