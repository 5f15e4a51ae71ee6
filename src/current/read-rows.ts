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

/** The attribute of a UserSecurityRole row listing its UserSecurityRoleProject rows. */
export const GRANTS_ATTRIBUTE = 'user_security_role_projects';

/**
 * The UserSecurityRole rows of a snapshot, each carrying its UserSecurityRoleProject rows
 * (the projection `user_security_role_projects.project_id`), fed page by page in any order:
 * only the converted values are kept, never raw rows. One query reads both tables, so a
 * role and its project grants always come from the same answer.
 */
export class AssignmentJoin {
  readonly #assignments: CurrentAssignment[] = [];
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
        projectIds: this.#grants(row),
      });
    }
  }

  /** The project ids of a UserSecurityRole row's nested UserSecurityRoleProject rows. */
  #grants(row: EntityData): string[] {
    const grants = row[GRANTS_ATTRIBUTE];
    if (!Array.isArray(grants)) {
      throw new MalformedResponseError(`A UserSecurityRole row has no list "${GRANTS_ATTRIBUTE}".`);
    }
    const ids: string[] = [];
    for (const grant of grants as unknown[]) {
      if (typeof grant !== 'object' || grant === null) {
        throw new MalformedResponseError(
          `A UserSecurityRole row's "${GRANTS_ATTRIBUTE}" holds a non-object.`,
        );
      }
      ids.push(this.#intern(text(grant as EntityData, 'project_id', 'UserSecurityRoleProject')));
    }
    return ids;
  }

  /** Forgets the UserSecurityRole rows added so far (their table is read again). */
  dropRoleRows(): void {
    this.#assignments.length = 0;
  }

  /**
   * The assignments sorted by id (the order `order by id` reads them in, whatever order
   * their pages came in), each with its project ids sorted.
   */
  finish(): CurrentAssignment[] {
    this.#ids.clear();
    const sorted = this.#assignments.sort((a, b) => compareStrings(a.id, b.id));
    for (const assignment of sorted) assignment.projectIds = sortedUnique(assignment.projectIds);
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
