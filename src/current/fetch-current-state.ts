import { queryPages, type QueryRunner } from '../session/index.js';
import type { EntityData } from '../wire/index.js';
import { AssignmentJoin, readGroups, readProject, readRole, readUser } from './read-rows.js';
import type { CurrentProject, CurrentRole, CurrentState, CurrentUser } from './types.js';

/** What fetchCurrentState needs of a session. */
export interface StateSource extends QueryRunner {
  readonly server: string;
}

export interface FetchProgress {
  table: string;
  rows: number;
}

export interface FetchCurrentStateOptions {
  /** Also read ftrack groups and their memberships. */
  groups?: boolean;
  onProgress?: (progress: FetchProgress) => void;
  pageSize?: number;
  /** Pages in flight per table. */
  concurrency?: number;
}

/**
 * The bulk queries of a snapshot: one paged query per table, whatever the number of users
 * (protocol notes §6.5; only attributes present in every known schema).
 */
export const CURRENT_STATE_QUERIES = {
  User: 'select id, username, is_active from User',
  Project: 'select id, name, full_name, is_private, status from Project',
  SecurityRole: 'select id, name, type from SecurityRole',
  UserSecurityRole:
    'select id, user_id, security_role_id, is_all_open_projects from UserSecurityRole',
  UserSecurityRoleProject:
    'select id, user_security_role_id, project_id from UserSecurityRoleProject',
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
  const read = (table: Table, consume: (rows: readonly EntityData[]) => void): Promise<number> =>
    queryPages(session, CURRENT_STATE_QUERIES[table], consume, {
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      onPage: (rows) => options.onProgress?.({ table, rows }),
    });
  const users: CurrentUser[] = [];
  const projects: CurrentProject[] = [];
  const roles: CurrentRole[] = [];
  const join = new AssignmentJoin();
  const wantGroups = options.groups === true;
  const groupRows: EntityData[] = [];
  const membershipRows: EntityData[] = [];
  await Promise.all([
    read('User', (rows) => pushAll(users, rows, readUser)),
    read('Project', (rows) => pushAll(projects, rows, readProject)),
    read('SecurityRole', (rows) => pushAll(roles, rows, readRole)),
    read('UserSecurityRole', (rows) => join.addRoleRows(rows)),
    read('UserSecurityRoleProject', (rows) => join.addGrantRows(rows)),
    wantGroups ? read('Group', (rows) => pushAll(groupRows, rows, (row) => row)) : undefined,
    wantGroups
      ? read('Membership', (rows) => pushAll(membershipRows, rows, (row) => row))
      : undefined,
  ]);
  const state: CurrentState = {
    server: session.server,
    users,
    projects,
    roles,
    assignments: join.finish(),
  };
  if (wantGroups) state.groups = readGroups(groupRows, membershipRows);
  return state;
}

function pushAll<T>(into: T[], rows: readonly EntityData[], convert: (row: EntityData) => T): void {
  for (const row of rows) into.push(convert(row));
}
