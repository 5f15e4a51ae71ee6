import type { RoleName, UserName } from '../model/index.js';

/**
 * The access review (`ftrack-roles report`): who can reach every project of the server as
 * it is now, with which role, through which scope, and why (the config's file:line, its
 * group, the ftrack group, and the git commit that last changed the line), with the
 * exceptions an auditor looks for and a summary. One versioned value: `--format json`
 * prints it, the CSV view renders from it. Documented in docs/report.md ("JSON").
 */
export const ACCESS_REVIEW_FORMAT_VERSION = 1;

/** The default of `--many-users`: a private project reached by more users is an exception. */
export const DEFAULT_MANY_USERS = 10;

/** The commit that last changed a line of a config file. */
export interface ReviewLineCommit {
  /** False for a line changed in the work tree and not committed (the other fields null). */
  committed: boolean;
  commit: string | null;
  author: string | null;
  /** The author date, ISO 8601 (UTC). */
  date: string | null;
  /** The first line of the commit message. */
  summary: string | null;
}

/** The git repository of the config files, when there is one. */
export interface ReviewGit {
  /** The commit checked out (HEAD). */
  head: string;
  /** Config files git could not blame (outside the repository, or not added). */
  files_not_in_git: string[];
}

/** One config node behind a grant. */
export interface ReviewSource {
  /** `file:line:col`. */
  source: string;
  file: string;
  line: number;
  /** The group of the config the grant comes through; null for a user's own entry. */
  config_group: string | null;
  /** The ftrack group that config group reads its members from, if any. */
  ftrack_group: string | null;
  /** The project glob of the config that reaches the project, if any. */
  pattern: string | null;
  /** The last commit of the line; null without git or for a file git does not know. */
  git: ReviewLineCommit | null;
}

/** One part of a role held on the server: all open projects, or one named project. */
export interface ReviewGrant {
  user: UserName;
  role: RoleName;
  scope: 'all-open' | 'project';
  /** The project of a `project` grant; null for `all-open`. */
  project: string | null;
  /** True when the config asks for this part (it has sources). */
  declared: boolean;
  /** The config nodes asking for it, in file order; empty when none does. */
  sources: ReviewSource[];
}

export interface ReviewUser {
  user: UserName;
  active: boolean;
  /** The ftrack user type, when read (`user`, `service`, ...). */
  type: string | null;
  /** Named in the config (directly or through a group). */
  declared: boolean;
  /** The config groups the user is a member of, sorted. */
  config_groups: string[];
  /** The roles held on the server, sorted. */
  roles: RoleName[];
  /** Distinct projects the user reaches through any role. */
  projects: number;
}

export interface ReviewProject {
  name: string;
  full_name: string;
  private: boolean;
  status: string;
  /** Distinct users reaching it through any role. */
  users: number;
}

export type ExceptionKind =
  | 'drift'
  | 'undeclared-holder'
  | 'inactive-with-roles'
  | 'protected-role-holder'
  | 'expiring-grant'
  | 'protected-all-open'
  | 'private-many-users';

export const EXCEPTION_KINDS: readonly ExceptionKind[] = [
  'drift',
  'undeclared-holder',
  'inactive-with-roles',
  'protected-role-holder',
  'expiring-grant',
  'protected-all-open',
  'private-many-users',
];

export interface ReviewException {
  kind: ExceptionKind;
  /** The user concerned; null for a project's exception. */
  user: UserName | null;
  role: RoleName | null;
  project: string | null;
  /** One sentence for the reader. */
  detail: string;
  /** The config nodes concerned (`file:line:col`), if any. */
  sources: string[];
}

export interface ReviewSummary {
  users: number;
  active_users: number;
  /** Users holding at least one role. */
  holders: number;
  projects: number;
  private_projects: number;
  /** `grants.length`. */
  grants: number;
  /** Grants the config does not ask for. */
  undeclared_grants: number;
  /** User × role × project rows (all-open grants expanded to the open projects): the CSV's rows. */
  access_rows: number;
  per_role: Record<RoleName, { holders: number; grants: number; access_rows: number }>;
  per_project: Record<string, { users: number; access_rows: number }>;
  /** Per config group: its members on the server, and the grants it gives. */
  per_config_group: Record<string, { members: number; grants: number }>;
  exceptions: Record<ExceptionKind, number> & { total: number };
}

/** The counts a sign-off records (`report --reviewer`), as in the summary. */
export interface ReviewCounts {
  users: number;
  holders: number;
  projects: number;
  grants: number;
  access_rows: number;
  exceptions: number;
}

/** One grant as a sign-off's snapshot keeps it: who, which role, which part of its scope. */
export interface ReviewGrantKey {
  user: UserName;
  role: RoleName;
  scope: 'all-open' | 'project';
  project: string | null;
}

/** What changed on the server since the last recorded review (sorted like `users` and `grants`). */
export interface ReviewChanges {
  users_added: UserName[];
  users_removed: UserName[];
  grants_added: ReviewGrantKey[];
  grants_removed: ReviewGrantKey[];
}

/** The last review recorded in the audit log for this server (`report --reviewer`). */
export interface LastReview {
  /** When it was signed (ISO 8601, UTC). */
  time: string;
  reviewer: string;
  /** `sha256:<hex>` of the signed report's JSON (`--format json`, exact bytes). */
  report_digest: string;
  /** When the signed report was made. */
  generated_at: string;
  counts: ReviewCounts;
  /** What changed since; null when the review's snapshot cannot be read (see `changes_unavailable`). */
  changes: ReviewChanges | null;
  /** Why `changes` is null; null when it is not. */
  changes_unavailable: string | null;
}

export interface AccessReview {
  format_version: typeof ACCESS_REVIEW_FORMAT_VERSION;
  kind: 'access-review';
  /** When the review was made (ISO 8601, UTC). */
  generated_at: string;
  server: string;
  api_user: UserName;
  config_digest: string;
  state_digest: string;
  /** The config files read, relative to the working directory. */
  files: string[];
  git: ReviewGit | null;
  /** Why `git` is null; null when it is not. */
  git_unavailable: string | null;
  settings: {
    protected_roles: RoleName[];
    expiry_warning_days: number;
    many_users: number;
  };
  summary: ReviewSummary;
  /** Every user of the server, sorted. */
  users: ReviewUser[];
  /** Every project of the server (open and private), sorted. */
  projects: ReviewProject[];
  /** Sorted by user, role, all-open first, then project. */
  grants: ReviewGrant[];
  /** Sorted by kind (in the order of EXCEPTION_KINDS), user, role, project. */
  exceptions: ReviewException[];
  /** The last review signed for this server in the audit log; null when none is found. */
  last_review: LastReview | null;
}
