import type { RoleName, SourceRef, UserName } from '../model/index.js';

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
  /**
   * Project names or globs (unexpanded), sorted → the sources (list items) asking for each,
   * in file order. Built as a ProjectSources (project-sources.ts), which stores them flat.
   */
  projects: ReadonlyMap<string, readonly SourceRef[]>;
  /**
   * Every source that contributes to this grant, in file order: the position of the role's
   * key under `users.<name>.roles` or `groups.<name>.roles` (with `group` set for groups).
   */
  sources: SourceRef[];
  /**
   * The parts of this grant that end on a date (`until:` in the object form of a scope),
   * one per expiring scope. Their sources are also in `allOpen`, `projects` and `sources`;
   * `dropExpiredGrants` (expiry.ts) takes out the parts that have ended.
   */
  expiries?: GrantExpiry[];
}

/** One scope with `until:` that contributes to a grant. */
export interface GrantExpiry {
  /** `YYYY-MM-DD` (UTC): from this day on the scope is no longer desired. */
  until: string;
  /** Position of the `until` value. */
  at: SourceRef;
  /** The role key of the expiring scope (one of the grant's `sources`). */
  source: SourceRef;
  /** The `all_open` node when this scope asks for all open projects (one of `allOpen`). */
  allOpen?: SourceRef;
  /** The project list items of this scope (among the grant's `projects`). */
  projects: { project: string; source: SourceRef }[];
}

export interface DesiredUser {
  username: UserName;
  /**
   * `false` when the user is in the config only through `members: all-active` groups (set at
   * plan time); absent otherwise (declared).
   */
  declared?: false;
  /** Where the user is declared: their key under `users:` and/or their group memberships. */
  sources: SourceRef[];
  roles: Map<RoleName, DesiredGrant>;
}

export interface DesiredGroupGrant {
  role: RoleName;
  allOpen: boolean;
  projects: string[];
  source: SourceRef;
  /** `YYYY-MM-DD` (UTC) from which the grant is no longer desired, and where it is written. */
  until?: { date: string; at: SourceRef };
  /**
   * Positions of the scope's parts, as user grants record them: the `all-open` /
   * `all_open` value, and each project list item.
   */
  at?: { allOpen?: SourceRef; projects: Map<string, SourceRef[]> };
}

export interface DesiredGroup {
  name: string;
  description?: string;
  /** Members listed in the config (empty when the members come from an ftrack group). */
  members: { username: UserName; source: SourceRef }[];
  /**
   * `members: all-active`: every active user of the server is a member (read at plan time),
   * except the API user and service accounts. Such members are not declared (see
   * docs/format.md, "Ownership"): only the owned roles of the group's grants are theirs.
   */
  allActive?: { source: SourceRef };
  /** Members read from an ftrack group at plan time. */
  ftrackGroup?: { name: string; includeSubgroups: boolean; source: SourceRef };
  roles: DesiredGroupGrant[];
  source: SourceRef;
}

export interface CatalogueRole {
  name: RoleName;
  description?: string;
  retired: boolean;
  /** `additive`: the files only add grants of the role, never remove one. */
  ownership: 'exclusive' | 'additive';
  source: SourceRef;
}

export interface ProtectedRole {
  role: RoleName;
  minHolders: number;
  source?: SourceRef;
}

/** `settings.manage`: which holders the files own (docs/format.md, "Ownership"). */
export type ManageMode = 'owned' | 'declared' | 'all';

export interface DesiredSettings {
  manage: ManageMode;
  /** `settings.inactive_users`: whether users deactivated in ftrack lose managed roles. */
  inactiveUsers: 'remove' | 'keep';
  /** Globs over usernames; matching users are never changed. */
  ignoreUsers: string[];
  protected: ProtectedRole[];
  maxRemovals: number;
  /** `expiry_warning_days`: warn about grants ending within this many days (default 14). */
  expiryWarningDays: number;
  /** Where the settings block is, when a file carries one. */
  source?: SourceRef;
}

export interface DesiredState {
  settings: DesiredSettings;
  /** The role catalogue; empty when no file declares `roles:`. */
  catalogue: Map<RoleName, CatalogueRole>;
  groups: Map<string, DesiredGroup>;
  users: Map<UserName, DesiredUser>;
  /**
   * Every role the files mention (granted to a user or a group, or in the catalogue), with
   * where it is first mentioned (the catalogue entry when there is one). The owned roles are
   * these less the `additive` ones.
   */
  mentionedRoles: Map<RoleName, SourceRef>;
  /** `sha256:<hex>` over the config files (relative path and content), sorted by path. */
  configDigest: string;
}

export const DEFAULT_MAX_REMOVALS = 25;
export const DEFAULT_EXPIRY_WARNING_DAYS = 14;
