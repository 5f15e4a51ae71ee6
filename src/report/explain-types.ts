import type { RoleName, Scope, UserName } from '../model/index.js';
import type { ChangeAction, ChangeReason, PlanExpiredGrant } from '../plan/index.js';
import type { Standing } from './explain-standing.js';

/**
 * `explain` view models: why a user holds (or should hold) what they do, and who can reach
 * a project. One versioned value per view; `--format json` prints it, the text view
 * renders from it.
 */
export const EXPLAIN_FORMAT_VERSION = 1;

/**
 * - `in-sync`: desired and held;
 * - `missing`: desired, not on the server (apply would add it);
 * - `extra`: on the server, not desired (apply would take it away);
 * - `no-effect`: the config names an open project the role reaches anyway through all
 *   open projects (the planner drops it; a grant held like that on the server is `extra`,
 *   since the planner revokes it);
 * - `unmanaged`: on the server, not desired, and left alone: the plan does not decide this
 *   role of this user (see the user's `standing`);
 * - `kept`: on the server, not desired, and kept: the role is `ownership: additive`;
 * - `unknown-project`: the config names a project the server does not have;
 * - `no-match`: a project glob of the config that matches no project.
 */
export type ItemStatus =
  | 'in-sync'
  | 'missing'
  | 'extra'
  | 'no-effect'
  | 'unmanaged'
  | 'kept'
  | 'unknown-project'
  | 'no-match';

/** A config node asking for a grant; `pattern` when it reaches the project through a glob. */
export interface ExplainSource {
  source: string;
  pattern?: string;
}

/** One part of a role's scope: all open projects, or one project. */
export interface ExplainItem {
  /** `null` for all open projects. */
  project: string | null;
  desired: boolean;
  current: boolean;
  status: ItemStatus;
  sources: ExplainSource[];
}

export interface ExplainRole {
  role: RoleName;
  /** True when the plan decides this role of the user (else it is left as it is). */
  managed: boolean;
  /** True for an `ownership: additive` role: the plan adds to it, never takes away. */
  additive: boolean;
  /** The desired scope resolved against the server (canonical); `null`: not desired. */
  desired: Scope | null;
  /** The scope held on the server; `null`: not held. */
  current: Scope | null;
  in_sync: boolean;
  /** The plan's change for this role, if any (with the ended `until:` grants behind it). */
  change: { action: ChangeAction; reason: ChangeReason; expired?: PlanExpiredGrant[] } | null;
  items: ExplainItem[];
}

export interface UserExplanation {
  format_version: typeof EXPLAIN_FORMAT_VERSION;
  kind: 'user';
  server: string;
  user: UserName;
  on_server: boolean;
  /** `null` when the user is not on the server. */
  active: boolean | null;
  /** Named in the config, directly or through a group. */
  declared: boolean;
  /** Where the user stands in the ownership model (explain-standing.ts). */
  standing: Standing;
  /** True when the plan may change this user (some of their roles, see each role). */
  managed: boolean;
  ignored: boolean;
  /** Where the user is declared (their key, their group memberships). */
  declared_at: string[];
  /** The config groups the user is a member of, sorted. */
  groups: string[];
  /** Sorted by role. */
  roles: ExplainRole[];
  summary: { roles: number; in_sync: number; differences: number };
}

/** Why one (user, role) reaches a project, on each side. */
export interface ProjectAccess {
  user: UserName;
  role: RoleName;
  /** `null` when the user is not on the server. */
  active: boolean | null;
  managed: boolean;
  desired: boolean;
  current: boolean;
  status: 'in-sync' | 'missing' | 'extra' | 'unmanaged';
  /** The config nodes giving the access (all-open grants when the project is open). */
  desired_via: (ExplainSource & { all_open: boolean })[];
  /** How the server gives it: through all open projects and/or an explicit grant. */
  current_via: ('all-open' | 'granted')[];
}

export interface ProjectExplanation {
  format_version: typeof EXPLAIN_FORMAT_VERSION;
  kind: 'project';
  server: string;
  project: {
    name: string;
    exists: boolean;
    full_name: string | null;
    private: boolean | null;
    status: string | null;
  };
  /** Sorted by user, then role. */
  access: ProjectAccess[];
  summary: { users_desired: number; users_current: number; differences: number };
}

/** Either explanation. */
export type Explanation = UserExplanation | ProjectExplanation;
