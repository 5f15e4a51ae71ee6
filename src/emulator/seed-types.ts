import type { SecurityRoleType } from '../model/index.js';
import type { UserTypeName } from './entities.js';

/** Any string, without swallowing the literal types beside it (keeps editor completion). */
type AnyString = string & Record<never, never>;

/**
 * `'all-open'`, a list of project names, or `{ all_open, projects }`. Typed loosely (plain
 * `string`, `string` role types) so that seeds written without `as const` type-check; the
 * loader validates every value and names the entry on error.
 */
export type SeedScope =
  'all-open' | AnyString | string[] | { all_open?: boolean; projects?: string[] };

/** The seed shape of product-spec §6 (YAML or JSON). */
export interface EmulatorSeed {
  security_roles?: { name: string; type: SecurityRoleType | AnyString; id?: string }[];
  projects?: {
    name: string;
    full_name?: string;
    is_private?: boolean;
    status?: string;
    id?: string;
  }[];
  users?: {
    username: string;
    api_key?: string;
    is_active?: boolean;
    first_name?: string;
    last_name?: string;
    email?: string;
    /** The ftrack user type: `user` (default), `service` or `demo`. */
    type?: UserTypeName | AnyString;
    id?: string;
    roles?: Record<string, SeedScope>;
  }[];
  groups?: { name: string; members?: string[]; parent?: string | null; id?: string }[];
}
