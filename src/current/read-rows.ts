import { MalformedResponseError } from '../diagnostics/index.js';
import { compareStrings } from '../model/index.js';
import type { EntityData } from '../wire/index.js';
import type {
  CurrentAssignment,
  CurrentGroup,
  CurrentProject,
  CurrentRole,
  CurrentUser,
} from './types.js';

/** A string attribute; a missing or non-string value is a MalformedResponseError. */
function text(row: EntityData, field: string, table: string): string {
  const value = row[field];
  if (typeof value !== 'string') {
    throw new MalformedResponseError(`A ${table} row has no string "${field}".`);
  }
  return value;
}

/** A nullable string attribute (null or missing → fallback). */
function optionalText(row: EntityData, field: string, table: string, fallback: string): string {
  const value = row[field];
  return value === null || value === undefined ? fallback : text(row, field, table);
}

/** A boolean attribute (null or missing → false, as the schema defaults say). */
function flag(row: EntityData, field: string, table: string): boolean {
  const value = row[field];
  if (value === null || value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw new MalformedResponseError(`A ${table} row has a non-boolean "${field}".`);
  }
  return value;
}

export function readUser(row: EntityData): CurrentUser {
  return {
    id: text(row, 'id', 'User'),
    username: text(row, 'username', 'User'),
    isActive: flag(row, 'is_active', 'User'),
  };
}

/** A User row's `user_type_id` (absent or null: unknown). */
export function readUserTypeId(row: EntityData): string | undefined {
  const value = row['user_type_id'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A UserType row: its id and name (`user`, `service`, ...). */
export function readUserType(row: EntityData): { id: string; name: string } {
  return { id: text(row, 'id', 'UserType'), name: text(row, 'name', 'UserType') };
}

export function readProject(row: EntityData): CurrentProject {
  return {
    id: text(row, 'id', 'Project'),
    name: text(row, 'name', 'Project'),
    fullName: optionalText(row, 'full_name', 'Project', ''),
    isPrivate: flag(row, 'is_private', 'Project'),
    status: optionalText(row, 'status', 'Project', ''),
  };
}

export function readRole(row: EntityData): CurrentRole {
  return {
    id: text(row, 'id', 'SecurityRole'),
    name: text(row, 'name', 'SecurityRole'),
    type: optionalText(row, 'type', 'SecurityRole', ''),
  };
}

/** The `user_id` of a UserSecurityRole row (who holds the role). */
export function readHolderId(row: EntityData): string {
  return text(row, 'user_id', 'UserSecurityRole');
}

const NO_PROJECTS: string[] = [];

/**
 * Joins UserSecurityRole rows with their UserSecurityRoleProject rows, fed page by page
 * (in any order of the two tables): only the converted values are kept, never raw rows.
 */
export class AssignmentJoin {
  readonly #assignments: CurrentAssignment[] = [];
  /** UserSecurityRole id → its project ids, as read (repeats possible; sorted at the end). */
  readonly #projects = new Map<string, string[]>();
  /** One string per distinct user, role and project id (rows repeat them many times). */
  readonly #ids = new Map<string, string>();

  #intern(value: string): string {
    const known = this.#ids.get(value);
    if (known !== undefined) return known;
    this.#ids.set(value, value);
    return value;
  }

  addRoleRows(rows: readonly EntityData[]): void {
    for (const row of rows) {
      this.#assignments.push({
        id: text(row, 'id', 'UserSecurityRole'),
        userId: this.#intern(text(row, 'user_id', 'UserSecurityRole')),
        roleId: this.#intern(text(row, 'security_role_id', 'UserSecurityRole')),
        allOpen: flag(row, 'is_all_open_projects', 'UserSecurityRole'),
        projectIds: NO_PROJECTS,
      });
    }
  }

  /** Forgets the UserSecurityRole rows added so far (their table is read again). */
  dropRoleRows(): void {
    this.#assignments.length = 0;
  }

  /** Forgets the UserSecurityRoleProject rows added so far (their table is read again). */
  dropGrantRows(): void {
    this.#projects.clear();
  }

  addGrantRows(rows: readonly EntityData[]): void {
    for (const row of rows) {
      const assignmentId = text(row, 'user_security_role_id', 'UserSecurityRoleProject');
      const projectId = this.#intern(text(row, 'project_id', 'UserSecurityRoleProject'));
      const ids = this.#projects.get(assignmentId);
      if (ids === undefined) this.#projects.set(assignmentId, [projectId]);
      else ids.push(projectId);
    }
  }

  /**
   * The assignments sorted by id (the order `order by id` reads them in, whatever order
   * their pages came in), each with its project ids sorted.
   */
  finish(): CurrentAssignment[] {
    this.#ids.clear();
    const sorted = this.#assignments.sort((a, b) => compareStrings(a.id, b.id));
    for (const assignment of sorted) {
      const projects = this.#projects.get(assignment.id);
      assignment.projectIds = projects === undefined ? [] : sortedUnique(projects);
    }
    this.#projects.clear();
    return sorted;
  }
}

/** The ids sorted, each once (a server may repeat a grant row). */
function sortedUnique(ids: string[]): string[] {
  ids.sort();
  return ids.filter((id, i) => i === 0 || id !== ids[i - 1]);
}

/** Joins Group rows with their Membership rows. */
export function readGroups(
  groupRows: readonly EntityData[],
  membershipRows: readonly EntityData[],
): CurrentGroup[] {
  const members = new Map<string, Set<string>>();
  for (const row of membershipRows) {
    const groupId = text(row, 'group_id', 'Membership');
    const set = members.get(groupId) ?? new Set<string>();
    set.add(text(row, 'user_id', 'Membership'));
    members.set(groupId, set);
  }
  return groupRows.map((row) => {
    const id = text(row, 'id', 'Group');
    const parent = row['parent_id'];
    return {
      id,
      name: text(row, 'name', 'Group'),
      parentId: typeof parent === 'string' ? parent : null,
      memberUserIds: [...(members.get(id) ?? [])].sort(),
    };
  });
}
