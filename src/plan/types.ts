import type { RoleName, Scope, UserName } from '../model/index.js';
import type { SecurityRoleOperation } from '../wire/index.js';

/**
 * The plan: one versioned value (Terraform's plan-as-a-value). `--format json` and `--out`
 * write it as is; the text and Markdown views render from it, so the formats cannot
 * disagree. Documented in docs/plan-format.md, schema in schema/plan.v1.schema.json.
 * Keys are snake_case because this is the public JSON contract.
 */

export const PLAN_FORMAT_VERSION = 1;

/** `assign`: the role is not held yet; `remove`: it will not be held; `modify`: the scope changes. */
export type ChangeAction = 'assign' | 'remove' | 'modify';

/**
 * Why a change is planned: `desired` (the config asks for a scope the user does not have),
 * `undeclared` (a declared user holds a role the config does not give them),
 * `not-declared` (a user the files do not declare holds a role the files own),
 * `inactive` (the user is inactive on the server and `inactive_users: remove`),
 * `retired` (the role is retired in the catalogue).
 */
export type ChangeReason = 'desired' | 'undeclared' | 'not-declared' | 'inactive' | 'retired';

/** One (user, role) pair whose scope differs. Scopes list project names, sorted. */
export interface PlanChange {
  user: UserName;
  role: RoleName;
  action: ChangeAction;
  reason: ChangeReason;
  /** The current scope; `null` when the role is not held. */
  before: Scope | null;
  /** The scope after apply; `null` when the role will not be held. */
  after: Scope | null;
  /** `file:line:col`, with ` (group NAME)` when the grant comes through a group. */
  sources: string[];
  /**
   * Optional: the `until:` grants of this (user, role) that have ended (from that UTC day on
   * they are no longer desired), when they are why access is reduced.
   */
  expired?: PlanExpiredGrant[];
  /**
   * Optional: the `until:` grants among this change's sources whose day has not come yet
   * (the access they give ends on that day), when the change gives access.
   */
  expiring?: PlanExpiredGrant[];
}

/** A grant with an `until` day: come (`expired`, it no longer counts) or to come (`expiring`). */
export interface PlanExpiredGrant {
  /** `YYYY-MM-DD`: the first day the grant is no longer desired. */
  until: string;
  /** `file:line:col` of the grant's role key, with ` (group NAME)` for a group's grant. */
  source: string;
}

/** A config group whose members are read from an ftrack group, as expanded when planning. */
export interface PlanGroup {
  /** The group of the config. */
  group: string;
  /** The ftrack group named by `ftrack_group:`. */
  ftrack_group: string;
  include_subgroups: boolean;
  /** `file:line:col` of `ftrack_group:`. */
  source: string;
  /** The members found, sorted by username. */
  members: PlanGroupMember[];
}

/** One member of an expanded ftrack group, and why they are in. */
export interface PlanGroupMember {
  user: UserName;
  /**
   * The memberships that put the user in: each the path of ftrack group names from the
   * named group down to the group holding the membership (`["Lighting"]`, or
   * `["Lighting", "FX"]` for the sub-group FX of Lighting), sorted.
   */
  via: string[][];
  /** True when the user matches `ignore_users` (never changed). */
  ignored?: boolean;
}

export interface PlanSummary {
  /** Users with at least one change. */
  users: number;
  changes: number;
  assign: number;
  remove: number;
  modify: number;
  /** Reductions of access: a removed role, a revoked project, a revoked all-open. */
  removals: number;
}

/** A warning found while planning (e.g. a glob matching no project, an inactive user). */
export interface PlanWarning {
  code: string;
  summary: string;
  /** `file:line:col` of the config node it is about. */
  source?: string;
  hint?: string;
}

/** The managed-scope rule, so a saved plan can recompute the managed set and digest. */
export interface PlanManaged {
  /** `settings.manage` (docs/format.md, "Ownership"). */
  manage: 'owned' | 'declared' | 'all';
  ignore_users: string[];
  /** `settings.inactive_users`. */
  inactive_users: 'remove' | 'keep';
  /** The roles the files own (mentioned, not `ownership: additive`), sorted. */
  owned_roles: RoleName[];
  /**
   * The managed usernames at plan time, sorted: declared users, and (by `manage`) holders
   * of owned roles or every user, less the users never changed.
   */
  users: UserName[];
}

/** One project glob of the config and the server projects it matched at plan time. */
export interface PlanGlob {
  pattern: string;
  /** `file:line:col` of the glob. */
  source: string;
  /** Matched project names, sorted (empty: the glob matched nothing, see warnings). */
  matched: string[];
}

/** The safety settings the plan was checked with, so `apply --plan` checks them again. */
export interface PlanSafety {
  max_removals: number;
  protected: { role: RoleName; min_holders: number }[];
}

export interface Plan {
  format_version: typeof PLAN_FORMAT_VERSION;
  server: string;
  api_user: UserName;
  config_digest: string;
  /** Digest of the managed users' current state (computeStateDigest, state-digest.ts). */
  state_digest: string;
  managed: PlanManaged;
  safety: PlanSafety;
  globs: PlanGlob[];
  /** Optional: present when the config reads members from ftrack groups (`ftrack_group:`). */
  groups?: PlanGroup[];
  /** Sorted by user, then role. */
  changes: PlanChange[];
  /** The exact batch apply sends, in order (ids, not names). */
  operations: SecurityRoleOperation[];
  summary: PlanSummary;
  warnings: PlanWarning[];
}
