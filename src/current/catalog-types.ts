/**
 * The offline catalogue (`ftrack-roles catalog pull --out FILE`): the non-secret names of
 * an ftrack server — users (with their active flag), security roles (with their type),
 * projects (with their private flag) and ftrack groups (with parent and members) — so
 * `validate --catalog FILE` can check names without a server or credentials. Documented in
 * docs/format.md, schema in schema/catalog.v1.schema.json. Keys are snake_case (public JSON).
 */

export const CATALOG_FORMAT_VERSION = 1;

export interface CatalogUser {
  username: string;
  is_active: boolean;
}

export interface CatalogRole {
  name: string;
  /** `PROJECT`, `ASSIGNED` or `API`. */
  type: string;
}

export interface CatalogProject {
  name: string;
  is_private: boolean;
}

export interface CatalogGroup {
  name: string;
  /** The name of the parent ftrack group; null for a top-level group. */
  parent: string | null;
  /** Usernames of the direct members, sorted. */
  members: string[];
}

export interface Catalog {
  format_version: typeof CATALOG_FORMAT_VERSION;
  /** The server the names were read from. */
  server: string;
  /** When they were read (ISO 8601, UTC). */
  pulled_at: string;
  /** Every list is sorted by name. */
  users: CatalogUser[];
  roles: CatalogRole[];
  projects: CatalogProject[];
  groups: CatalogGroup[];
}
