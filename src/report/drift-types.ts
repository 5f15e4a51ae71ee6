import type { RoleName, Scope, UserName } from '../model/index.js';
import type { ChangeAction, ChangeReason, PlanExpiredGrant, PlanWarning } from '../plan/index.js';

/**
 * The drift report: the plan seen as an audit for a cron job. One versioned value; the
 * text and Markdown views render from it, `--format json` prints it as is.
 */
export const DRIFT_FORMAT_VERSION = 1;

/**
 * How a difference is classified:
 * - `not-applied`: desired access the server does not have (the config is ahead);
 * - `changed-on-server`: access the server has that the config does not give;
 * - `inactive-user`: a difference of a user who is inactive on the server;
 * - `unknown-user`: a user the config declares who does not exist on the server;
 * - `closed-project`: a difference on a project whose status is not `active`;
 * - `deleted-project`: the config names a project the server no longer has.
 */
export type DriftKind =
  | 'not-applied'
  | 'changed-on-server'
  | 'inactive-user'
  | 'unknown-user'
  | 'closed-project'
  | 'deleted-project';

export const DRIFT_KINDS: readonly DriftKind[] = [
  'not-applied',
  'changed-on-server',
  'inactive-user',
  'unknown-user',
  'closed-project',
  'deleted-project',
];

export interface DriftDifference {
  kind: DriftKind;
  user: UserName;
  /** `null` for an unknown user (the difference is the whole user). */
  role: RoleName | null;
  /** The plan's action for this (user, role), when the plan has a change for it. */
  action: ChangeAction | null;
  /** The plan's reason (desired, undeclared, retired), when it has a change. */
  reason: ChangeReason | null;
  /** Desired access the server lacks; `null` when nothing is missing. */
  missing: Scope | null;
  /** Access on the server that is not desired; `null` when nothing is extra. */
  extra: Scope | null;
  /** The config nodes involved, `file:line:col` (with ` (group NAME)`). */
  sources: string[];
  /** The plan's ended `until:` grants behind this difference, when there are any. */
  expired?: PlanExpiredGrant[];
}

/** A user who holds roles but is not managed (information, never drift). */
export interface UnmanagedUser {
  user: UserName;
  active: boolean;
  /** True when `ignore_users` matches the user. */
  ignored: boolean;
  roles: { role: RoleName; scope: Scope }[];
}

export interface DriftSummary {
  /** Differences (every kind); 0 means in sync. */
  differences: number;
  /** Users with at least one difference. */
  users: number;
  not_applied: number;
  changed_on_server: number;
  inactive_user: number;
  unknown_user: number;
  closed_project: number;
  deleted_project: number;
  /** Unmanaged users holding roles (information). */
  unmanaged: number;
}

export interface DriftReport {
  format_version: typeof DRIFT_FORMAT_VERSION;
  server: string;
  api_user: UserName;
  config_digest: string;
  state_digest: string;
  in_sync: boolean;
  managed_users: number;
  summary: DriftSummary;
  /** Sorted by user, role, then kind (in the order of DRIFT_KINDS). */
  differences: DriftDifference[];
  /** Sorted by username. */
  unmanaged: UnmanagedUser[];
  warnings: PlanWarning[];
}
