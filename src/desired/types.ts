import type { ProjectName, RoleName, SourceRef, UserName } from '../model/index.js';

/**
 * The desired state built from validated config documents (pure, no server knowledge).
 * Project names may still be globs (`show_*`): they are expanded at plan time against the
 * server's projects. Every part remembers the sources (file:line:col, group) that asked
 * for it, so `plan` and `explain` can say why a change is wanted.
 */

/** One desired (user, role) pair, the union of the user's entry and of their groups. */
export interface DesiredGrant {
  role: RoleName;
  /** The sources asking for all open projects (the `all-open` / `all_open: true` nodes); empty when none does. */
  allOpen: SourceRef[];
  /** Project names or globs (unexpanded), sorted → the sources (list items) asking for each. */
  projects: Map<string, SourceRef[]>;
  /**
   * Every source that contributes to this grant, in file order: the position of the role's
   * key under `users.<name>.roles` or `groups.<name>.roles` (with `group` set for groups).
   */
  sources: SourceRef[];
}

export interface DesiredUser {
  username: UserName;
  /** Where the user is declared: their key under `users:` and/or their group memberships. */
  sources: SourceRef[];
  roles: Map<RoleName, DesiredGrant>;
}

export interface DesiredGroupGrant {
  role: RoleName;
  allOpen: boolean;
  projects: string[];
  source: SourceRef;
}

export interface DesiredGroup {
  name: string;
  description?: string;
  /** Members listed in the config (empty when the members come from an ftrack group). */
  members: { username: UserName; source: SourceRef }[];
  /** Members read from an ftrack group at plan time. */
  ftrackGroup?: { name: string; includeSubgroups: boolean; source: SourceRef };
  roles: DesiredGroupGrant[];
  source: SourceRef;
}

export interface CatalogueRole {
  name: RoleName;
  description?: string;
  retired: boolean;
  source: SourceRef;
}

export interface ProtectedRole {
  role: RoleName;
  minHolders: number;
  source?: SourceRef;
}

export interface DesiredSettings {
  manage: 'declared' | 'all';
  /** Globs over usernames; matching users are never changed. */
  ignoreUsers: string[];
  protected: ProtectedRole[];
  maxRemovals: number;
  /** Where the settings block is, when a file carries one. */
  source?: SourceRef;
}

export interface DesiredState {
  settings: DesiredSettings;
  /** The role catalogue; empty when no file declares `roles:`. */
  catalogue: Map<RoleName, CatalogueRole>;
  groups: Map<string, DesiredGroup>;
  users: Map<UserName, DesiredUser>;
  /** `sha256:<hex>` over the config files (relative path and content), sorted by path. */
  configDigest: string;
}

export const DEFAULT_MAX_REMOVALS = 25;

export type { ProjectName };
