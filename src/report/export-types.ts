import type { RoleName, Scope, UserName } from '../model/index.js';

/**
 * The export: the server's current assignments as a desired-state config (format 1) that
 * `plan` reports as already applied. A pure value; rendered to YAML by render-export.ts.
 */

export interface ExportOptions {
  /** A glob over usernames (`--users`): only matching users are exported. */
  users?: string;
  /** Also export inactive users (default: left out, so they stay unmanaged). */
  includeInactive?: boolean;
}

export interface ExportedUser {
  username: UserName;
  isActive: boolean;
  /** Sorted by role name; scopes in canonical form (project names sorted). */
  roles: { role: RoleName; scope: Scope }[];
}

/** A user with roles who is not in the export, and why (written as a comment). */
export interface SkippedUser {
  username: UserName;
  reason: string;
}

export interface ExportModel {
  server: string;
  /** The role catalogue: every server role whose name the format can hold, sorted. */
  roles: { name: RoleName; type: string }[];
  /** Sorted by username. */
  users: ExportedUser[];
  /** Users holding roles that were left out (inactive, or not expressible), sorted. */
  skipped: SkippedUser[];
  /** The settings that make `plan` on the export report no change (exportSettings). */
  settings: ExportSettings;
}

/**
 * The explicit settings an export writes so that its own plan is empty under the
 * ownership model (docs/format.md, "Ownership"), and why each differs from the default.
 */
export interface ExportSettings {
  /**
   * `owned`, unless the export leaves out holders the format cannot list in
   * `ignore_users`, or is partial (`--users`): then `declared`.
   */
  manage: 'owned' | 'declared';
  /** `keep` when inactive users hold roles (`remove` would take them away), else `remove`. */
  inactiveUsers: 'remove' | 'keep';
  /** Users left out because the format cannot express their roles (never changed). */
  ignoreUsers: UserName[];
  /** Why the settings are what they are, one line each (written as comments). */
  why: string[];
}

/** One file of an export directory. */
export interface ExportedFile {
  /** File name relative to the output directory. */
  path: string;
  text: string;
}

/** What writing an export's files did, beyond writing them (pipeline/export-files.ts). */
export interface WrittenExport {
  /** Files of an earlier export (they start with its header) that were removed. */
  removed: string[];
  /** Such files that were kept (with `--users`, a partial export removes nothing). */
  kept: string[];
  /** Files overwritten that did not start with the export header (written by hand). */
  overwrittenOwn: string[];
  /** Other YAML files in the directory, which `plan DIR` reads as well. */
  others: string[];
}
