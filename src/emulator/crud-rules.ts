import type { SecurityRoleType } from '../model/index.js';
import { findEqual, UNIQUE_NAMES } from './collation.js';
import { storedType } from './entities.js';
import { duplicateError, validationError } from './errors.js';
import { findSchema } from './schemas.js';
import type { Collation } from './server-options.js';
import type { Row, Store } from './store.js';

const ROLE_TYPES: readonly SecurityRoleType[] = ['PROJECT', 'ASSIGNED', 'API'];

/** Checks attribute names and value types; maps relationship values to foreign keys. */
export function normaliseData(
  store: Store,
  type: string,
  data: Record<string, unknown>,
): Record<string, unknown> {
  const stored = storedType(type)!;
  const schema = findSchema(type)!;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    if (name === 'id') continue;
    const property = schema.properties[name];
    if (property === undefined || !Object.hasOwn(schema.properties, name)) {
      throw validationError(`${type} has no attribute "${name}".`);
    }
    if (!stored.writable.includes(name)) {
      // clients that send schema defaults (Python sends resource_type "user") are fine
      if (Object.hasOwn(stored.defaults, name) && stored.defaults[name] === value) continue;
      throw validationError(`The attribute "${name}" of ${type} cannot be set here.`);
    }
    const reference = stored.references[name];
    if (reference !== undefined) {
      out[reference.fk] = referenceId(value, reference.target, name);
      continue;
    }
    out[name] = checkValue(type, name, property.type, property.format, value);
  }
  for (const [name, relation] of Object.entries(stored.references)) {
    const id = out[relation.fk];
    if (typeof id === 'string' && store.get(relation.target, id) === undefined) {
      throw validationError(`${type}.${name}: no ${relation.target} with id "${id}".`);
    }
  }
  if (
    type === 'SecurityRole' &&
    out['type'] !== undefined &&
    !ROLE_TYPES.includes(out['type'] as SecurityRoleType)
  ) {
    throw validationError(`SecurityRole.type must be one of ${ROLE_TYPES.join(', ')}.`);
  }
  return out;
}

function referenceId(value: unknown, target: string, name: string): string | null {
  if (value === null) return null;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const ref = value as Record<string, unknown>;
    if (
      (ref['__entity_type__'] === undefined || ref['__entity_type__'] === target) &&
      typeof ref['id'] === 'string'
    ) {
      return ref['id'];
    }
  }
  throw validationError(
    `"${name}" must be a ${target} reference {"__entity_type__": "${target}", "id": "..."}.`,
  );
}

function checkValue(
  type: string,
  name: string,
  schemaType: string | undefined,
  format: string | undefined,
  value: unknown,
): unknown {
  if (value === null) return null;
  const where = `${type}.${name}`;
  if (format === 'date-time') {
    const ok =
      typeof value === 'object' &&
      !Array.isArray(value) &&
      typeof (value as Record<string, unknown>)['value'] === 'string';
    if (!ok)
      throw validationError(`${where} must be a {"__type__": "datetime", "value": "..."} object.`);
    return value;
  }
  if (schemaType === 'boolean' && typeof value !== 'boolean')
    throw validationError(`${where} must be a boolean.`);
  if ((schemaType === 'string' || schemaType === undefined) && typeof value !== 'string') {
    throw validationError(`${where} must be a string.`);
  }
  if ((schemaType === 'integer' || schemaType === 'number') && typeof value !== 'number') {
    throw validationError(`${where} must be a number.`);
  }
  return value;
}

/** The identifying data each type needs on create. */
export function requiredOnCreate(type: string, row: Row): void {
  const need: Record<string, string[]> = {
    User: ['username'],
    Project: ['name'],
    SecurityRole: ['name', 'type'],
    Group: ['name'],
    Membership: ['user_id', 'group_id'],
  };
  for (const name of need[type] ?? []) {
    const value = row[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw validationError(`Creating a ${type} needs "${name}".`);
    }
  }
}

/**
 * Usernames, project names, role names and group names are unique (under the collation:
 * "Ana" clashes with "ana" when it is case-insensitive); a membership too.
 */
export function checkUnique(store: Store, type: string, row: Row, collation: Collation): void {
  const attribute = UNIQUE_NAMES[type];
  if (attribute !== undefined) {
    const clash = findEqual(store, type, attribute, row[attribute], collation).find(
      (r) => r.id !== row.id,
    );
    if (clash !== undefined) {
      const existing = String(clash[attribute]);
      const given = String(row[attribute]);
      const note = existing === given ? '' : ` as "${existing}" (names compare case-insensitively)`;
      throw duplicateError(`A ${type} with ${attribute} "${given}" already exists${note}.`);
    }
  }
  if (type === 'Membership') {
    const clash = store
      .find('Membership', 'user_id', row['user_id'])
      .find((m) => m['group_id'] === row['group_id'] && m.id !== row.id);
    if (clash !== undefined) throw duplicateError('The user is already a member of that group.');
  }
}
