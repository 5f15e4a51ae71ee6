import type { SourceRef } from './source.js';

/**
 * The desired-state file format (version 1) as the stages see it: made by `config` (parse,
 * schema, rules), read by `desired` (the build). Pure types.
 */

/** The shape of one desired-state file once it passed the schema (format version 1). */
export type ScopeV1 = 'all-open' | string[] | ScopeObjectV1;

/** The object form of a scope; only it may carry `until` (YYYY-MM-DD, UTC). */
export interface ScopeObjectV1 {
  all_open?: boolean;
  projects?: string[];
  until?: string;
}

export interface ProtectedRoleV1 {
  role: string;
  min_holders?: number;
}

export interface SettingsV1 {
  manage?: 'owned' | 'declared' | 'all';
  inactive_users?: 'remove' | 'keep';
  ignore_users?: string[];
  protected?: ProtectedRoleV1[];
  max_removals?: number;
  expiry_warning_days?: number;
}

export interface CatalogueRoleV1 {
  description?: string;
  retired?: boolean;
  ownership?: 'exclusive' | 'additive';
}

export interface GroupV1 {
  description?: string;
  /** Usernames, or `all-active`: every active user of the server, read at plan time. */
  members?: string[] | 'all-active';
  ftrack_group?: string;
  include_subgroups?: boolean;
  roles: Record<string, ScopeV1>;
}

export interface UserV1 {
  roles: Record<string, ScopeV1>;
}

export interface ConfigFileV1 {
  version: 1;
  settings?: SettingsV1;
  roles?: Record<string, CatalogueRoleV1>;
  groups?: Record<string, GroupV1>;
  users?: Record<string, UserV1>;
}

/** A path into a document: mapping keys and sequence indexes. */
export type NodePath = readonly (string | number)[];

/**
 * Finds the position of a node: `key` is the key of the last path segment in its mapping
 * (falls back to the value), `value` is the node itself. When a segment is missing, the key of
 * the deepest segment found is returned, so a position is always returned.
 */
export type Locate = (path: NodePath, part?: 'key' | 'value') => SourceRef;

/**
 * Finds the position of an entry of a mapping or list of the data from that mapping or list
 * itself, without walking from the root: the same as `locate([...pathOfNode, key], part)`
 * when the entry exists; undefined when it does not, or when the node is not one of the
 * document's own. For the stages that locate every entry (the desired state's sources).
 */
export type LocateEntry = (
  node: object,
  key: string | number,
  part: 'key' | 'value',
) => SourceRef | undefined;

/** A document that parsed cleanly, before the schema. */
export interface ParsedDocument {
  file: string;
  data: unknown;
  locate: Locate;
  /** Set by the readers that keep positions by node (the fast path). */
  locateEntry?: LocateEntry;
}

/** A document that passed the schema: its data has the shape of format version 1. */
export interface ValidatedDocument {
  file: string;
  data: ConfigFileV1;
  locate: Locate;
  locateEntry?: LocateEntry;
}
