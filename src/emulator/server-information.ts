import { validationError } from './errors.js';
import type { Caller } from './permissions.js';
import { computeSchemaHash } from './schema-hash.js';
import { QUERY_SCHEMAS } from './schemas.js';

/** The emulator reports itself as a development server, like the real fixture. */
export const SERVER_VERSION = 'dev';

let schemaHash: string | undefined;

/** MD5 of Python's `json.dumps(schemas, sort_keys=True)`, computed once. */
export function schemaHashOfServer(): string {
  schemaHash ??= computeSchemaHash(QUERY_SCHEMAS);
  return schemaHash;
}

const DEFAULT_KEYS = ['storage_scenario', 'schema_hash', 'version', 'is_timezone_support_enabled'];

/** The `query_server_information` answer; `values` selects keys (unknown keys are omitted). */
export function serverInformation(caller: Caller, values: unknown): Record<string, unknown> {
  if (
    values !== undefined &&
    values !== null &&
    (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))
  ) {
    throw validationError('"values" must be a list of strings.');
  }
  const all: Record<string, () => unknown> = {
    storage_scenario: () => ({ data: {}, scenario: 'ftrack.automatic' }),
    schema_hash: schemaHashOfServer,
    version: () => SERVER_VERSION,
    is_timezone_support_enabled: () => true,
    is_nested_subqueries_enabled: () => false,
    user_information: () => userInformation(caller),
  };
  const keys = Array.isArray(values) ? (values as string[]) : DEFAULT_KEYS;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (Object.hasOwn(all, key)) out[key] = all[key]!();
  return out;
}

function userInformation(caller: Caller): Record<string, unknown> | null {
  if (caller === null) return null;
  return {
    id: caller.id,
    username: caller['username'],
    first_name: caller['first_name'] ?? null,
    last_name: caller['last_name'] ?? null,
    is_global_access_key: false,
    restricted_user: false,
  };
}
