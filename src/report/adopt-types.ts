import type { RoleName, Scope, UserName } from '../model/index.js';

/**
 * The adopt report: drift turned into a change of the config files. One versioned value;
 * `adopt --format json` prints it, the text view prints its patches (docs/export-explain-drift.md).
 */
export const ADOPT_FORMAT_VERSION = 1;

/**
 * Why a difference is not adopted:
 * - `group`: the role (or part of it) comes from a group of the config, which adopt never edits;
 * - `group-member`: the user is declared only as a group member, with no `users:` entry;
 * - `undeclared`: the user is not declared in the files (without `--add-undeclared`);
 * - `inactive`: the user is inactive on the server;
 * - `unknown-user`: the files declare a user the server does not have;
 * - `until`: the grant ends on a date (`until:`), or has ended;
 * - `retired`: the role is retired in the catalogue;
 * - `not-in-catalogue`: the role is not in the (non-empty) role catalogue;
 * - `inexpressible`: the files cannot say it (an API role, an ASSIGNED role on a private
 *   project, a name the format rejects or reads as a glob);
 * - `newly-owned`: the role would become one the files own, taking it from other holders;
 * - `yaml`: the entry's YAML cannot be edited in place (anchors, aliases, a comment inside
 *   a flow value, a file too large for the editor).
 */
export type AdoptSkipReason =
  | 'group'
  | 'group-member'
  | 'undeclared'
  | 'inactive'
  | 'unknown-user'
  | 'until'
  | 'retired'
  | 'not-in-catalogue'
  | 'inexpressible'
  | 'newly-owned'
  | 'yaml';

/** One role of one user's entry changed. */
export interface AdoptChange {
  user: UserName;
  role: RoleName;
  /** The file of the user's `users:` entry, relative to the working directory. */
  file: string;
  /** The scope the server holds; null when it does not hold the role. */
  server: Scope | null;
  /** The scope the entry gives afterwards (project names or globs); null: taken out. */
  entry: Scope | null;
  /** True when the entry is new (`--add-undeclared`). */
  new_user?: true;
}

/** A difference left as it is, and what to do about it. */
export interface AdoptSkip {
  user: UserName;
  /** Null when it is about the whole user. */
  role: RoleName | null;
  reason: AdoptSkipReason;
  summary: string;
  hint: string;
  /** `file:line:col` of the config nodes involved, with ` (group NAME)`. */
  sources: string[];
}

/** A difference of a user not adopted that the change makes go away. */
export interface AdoptNote {
  user: UserName;
  role: RoleName | null;
  summary: string;
}

export interface AdoptFile {
  /** Relative to the working directory. */
  path: string;
  /** True when adopt creates the file (`--add-undeclared FILE`). */
  created: boolean;
  /** The change as a unified diff (`--- a/PATH`, `+++ b/PATH`). */
  patch: string;
}

export interface AdoptSummary {
  /** Users whose entry changes. */
  users: number;
  changes: number;
  files: number;
  not_adopted: number;
}

export interface AdoptReport {
  format_version: typeof ADOPT_FORMAT_VERSION;
  server: string;
  api_user: UserName;
  config_digest: string;
  state_digest: string;
  /** True when the files were written (`--write`). */
  written: boolean;
  /** Sorted by user, then role. */
  changes: AdoptChange[];
  /** Sorted by path. */
  files: AdoptFile[];
  /** Sorted by user, then role. */
  not_adopted: AdoptSkip[];
  notes: AdoptNote[];
  summary: AdoptSummary;
}
