/**
 * The ftrack `/api` wire format: plain data shared by the client (src/session) and the
 * emulator (src/emulator). Types only, plus constants; no behaviour, so the two sides
 * cannot share a bug. See docs/emulator.md and the protocol notes for the evidence.
 */

export type EntityKey = string | string[];

export interface EntityData {
  __entity_type__?: string;
  [attribute: string]: unknown;
}

export type SecurityRoleAction =
  | 'add_user_security_role'
  | 'remove_user_security_role'
  | 'update_user_security_role'
  | 'grant_user_security_role_project'
  | 'revoke_user_security_role_project';

export const SECURITY_ROLE_ACTIONS: readonly SecurityRoleAction[] = [
  'add_user_security_role',
  'remove_user_security_role',
  'update_user_security_role',
  'grant_user_security_role_project',
  'revoke_user_security_role_project',
];

export interface SecurityRoleOperation {
  action: SecurityRoleAction;
  user_id: string;
  role_id: string;
  new_role_id?: string;
  project_id?: string;
  all_open_projects?: boolean;
}

export type Operation =
  | { action: 'query_server_information'; values?: string[] }
  | { action: 'query_schemas' }
  | { action: 'query'; expression: string }
  | { action: 'create'; entity_type: string; entity_data: EntityData; entity_key?: EntityKey }
  | { action: 'update'; entity_type: string; entity_key: EntityKey; entity_data: EntityData }
  | { action: 'delete'; entity_type: string; entity_key: EntityKey }
  | SecurityRoleOperation;

export interface QueryResult {
  action: 'query';
  data: EntityData[];
  metadata: { next: { offset: number | null } };
}

export interface ActionResult {
  action: string;
  data: unknown;
}

/** The single top-level object the server answers instead of the result array on error. */
export interface ErrorResponse {
  exception: string;
  content: string;
  error_code: string | null;
}

/** Request headers (lower-case, as Node delivers them). */
export const HEADER_USER = 'ftrack-user';
export const HEADER_API_KEY = 'ftrack-api-key';
export const HEADER_STRICT_API = 'ftrack-strict-api';
export const HEADER_API_OPTIONS = 'ftrack-api-options';
export const HEADER_CLIENT_TOKEN = 'ftrack-clienttoken';
