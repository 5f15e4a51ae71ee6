import { queryAll, type QueryRunner } from '../session/index.js';
import type { EntityData } from '../wire/index.js';
import { readAssignments, readGroups, readProject, readRole, readUser } from './read-rows.js';
import type { CurrentState } from './types.js';

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

/** Reads the current state: users, projects, roles, assignments and (if asked) groups. */
export async function fetchCurrentState(
  session: StateSource,
  options: FetchCurrentStateOptions = {},
): Promise<CurrentState> {
  const read = (table: Table): Promise<EntityData[]> =>
    queryAll(session, CURRENT_STATE_QUERIES[table], {
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      onPage: (rows) => options.onProgress?.({ table, rows }),
    });
  const [users, projects, roles, assignments, grants, groups, memberships] = await Promise.all([
    read('User'),
    read('Project'),
    read('SecurityRole'),
    read('UserSecurityRole'),
    read('UserSecurityRoleProject'),
    options.groups === true ? read('Group') : undefined,
    options.groups === true ? read('Membership') : undefined,
  ]);
  const state: CurrentState = {
    server: session.server,
    users: users.map(readUser),
    projects: projects.map(readProject),
    roles: roles.map(readRole),
    assignments: readAssignments(assignments, grants),
  };
  if (groups !== undefined && memberships !== undefined) {
    state.groups = readGroups(groups, memberships);
  }
  return state;
}
