/**
 * The current state of an ftrack server, as read through a session: a snapshot of the
 * rows the planner depends on. Ids are ftrack ids (opaque strings).
 */

export interface CurrentUser {
  id: string;
  username: string;
  isActive: boolean;
  /** The name of the user's ftrack user type (`user`, `service`, ...), when it was read. */
  type?: string;
}

export interface CurrentProject {
  id: string;
  name: string;
  fullName: string;
  /** Private projects are reachable only through explicit grants. */
  isPrivate: boolean;
  status: string;
}

export interface CurrentRole {
  id: string;
  name: string;
  /** `PROJECT`, `ASSIGNED` or `API` (kept as a string: servers may know more types). */
  type: string;
}

/** A UserSecurityRole row and its UserSecurityRoleProject rows. */
export interface CurrentAssignment {
  id: string;
  userId: string;
  roleId: string;
  /** `is_all_open_projects`. */
  allOpen: boolean;
  /** Explicitly granted project ids, sorted. */
  projectIds: string[];
}

export interface CurrentGroup {
  id: string;
  name: string;
  parentId: string | null;
  memberUserIds: string[];
}

export interface CurrentState {
  /** The server URL the snapshot was read from. */
  server: string;
  users: CurrentUser[];
  projects: CurrentProject[];
  roles: CurrentRole[];
  assignments: CurrentAssignment[];
  /** Present only when groups were asked for. */
  groups?: CurrentGroup[];
}

/** The small tables of a snapshot: who and what exists, without the assignments. */
export type CurrentDirectory = Omit<CurrentState, 'assignments'>;
