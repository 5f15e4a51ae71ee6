import type { Collation } from './server-options.js';
import type { Row, Store } from './store.js';

/** The attribute that names each type uniquely (a `DuplicateEntryError` on a clash). */
export const UNIQUE_NAMES: Readonly<Record<string, string>> = {
  User: 'username',
  Project: 'name',
  SecurityRole: 'name',
  Group: 'name',
};

/** The form a value is compared in: itself, or lower-cased when it is a string. */
export function folder(collation: Collation): (value: unknown) => unknown {
  return collation === 'binary' ? identity : lowerCase;
}

const identity = (value: unknown): unknown => value;
const lowerCase = (value: unknown): unknown =>
  typeof value === 'string' ? value.toLowerCase() : value;

/** Rows of `type` whose `attribute` equals `value` under the collation. */
export function findEqual(
  store: Store,
  type: string,
  attribute: string,
  value: unknown,
  collation: Collation,
): Row[] {
  if (collation === 'binary' || typeof value !== 'string')
    return store.find(type, attribute, value);
  const wanted = value.toLowerCase();
  const rows = store.table(type)?.rows.values() ?? [];
  return [...rows].filter((r) => lowerCase(r[attribute]) === wanted);
}

/** Unique names that differ only in case ("User: ana, Ana"), for a case-insensitive start. */
export function caseClashes(store: Store): string[] {
  const clashes: string[] = [];
  for (const [type, attribute] of Object.entries(UNIQUE_NAMES)) {
    const byFolded = new Map<string, string[]>();
    for (const row of store.table(type)?.rows.values() ?? []) {
      const name = row[attribute];
      if (typeof name !== 'string') continue;
      const key = name.toLowerCase();
      const same = byFolded.get(key);
      if (same === undefined) byFolded.set(key, [name]);
      else same.push(name);
    }
    for (const names of byFolded.values())
      if (names.length > 1) clashes.push(`${type} ${attribute}: ${names.join(', ')}`);
  }
  return clashes;
}
