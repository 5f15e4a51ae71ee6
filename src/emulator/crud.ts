import type { ActionResult } from '../wire/index.js';
import { storedType } from './entities.js';
import { duplicateError, validationError } from './errors.js';
import { requireAdministrator, type Caller } from './permissions.js';
import { identityAttributes, findSchema } from './schemas.js';
import type { Collation } from './server-options.js';
import { newId } from './state.js';
import type { Row, Store } from './store.js';
import { checkUnique, normaliseData, requiredOnCreate } from './crud-rules.js';

type Params = Record<string, unknown>;

/** Types whose rows only the security-role actions may change (ftrack ≥ 4.2). */
const ACTION_ONLY = new Set(['UserSecurityRole', 'UserSecurityRoleProject']);

/** `create` of User, Project, SecurityRole, Group or Membership. */
export function runCreate(
  store: Store,
  caller: Caller,
  op: Params,
  collation: Collation,
): ActionResult {
  const type = entityTypeOf(op, 'create');
  requireAdministrator(store, caller, `create ${type}`);
  const data = entityDataOf(op, type);
  const id = idFor(op, data, type);
  if (store.get(type, id) !== undefined)
    throw duplicateError(`A ${type} with id "${id}" already exists.`);
  const values = normaliseData(store, type, data);
  const row = { ...storedType(type)!.defaults, ...values, id } as Row;
  if (type === 'Project' && values['full_name'] === undefined) {
    Object.assign(row, { full_name: row['name'] });
  }
  requiredOnCreate(type, row);
  checkUnique(store, type, row, collation);
  store.insert(type, row);
  const out: Record<string, unknown> = { __entity_type__: type };
  for (const [key, value] of Object.entries(row)) if (value !== null) out[key] = value;
  return { action: 'create', data: out };
}

/** `update` of one entity by primary key; answers the changed attributes plus identity. */
export function runUpdate(
  store: Store,
  caller: Caller,
  op: Params,
  collation: Collation,
): ActionResult {
  const type = entityTypeOf(op, 'update');
  requireAdministrator(store, caller, `update ${type}`);
  const before = mustFind(store, type, op['entity_key']);
  const data = entityDataOf(op, type);
  if (data['id'] !== undefined && data['id'] !== before.id) {
    throw validationError(`The attribute "id" of ${type} is immutable.`);
  }
  const { id: _id, ...rest } = data;
  const values = normaliseData(store, type, rest);
  const after = { ...before, ...values } as Row;
  requiredOnCreate(type, after);
  checkUnique(store, type, after, collation);
  if (type === 'Group') checkGroupCycle(store, after);
  store.update(type, before.id, values);
  const out: Record<string, unknown> = { __entity_type__: type };
  for (const key of identityAttributes(type, true)) out[key] = after[key] ?? null;
  for (const key of Object.keys(values)) out[key] = after[key] ?? null;
  return { action: 'update', data: out };
}

/** `delete` of one entity; dependent rows go with it, a held role cannot be deleted. */
export function runDelete(store: Store, caller: Caller, op: Params): ActionResult {
  const type = entityTypeOf(op, 'delete');
  requireAdministrator(store, caller, `delete ${type}`);
  const row = mustFind(store, type, op['entity_key']);
  if (type === 'User') {
    for (const usr of store.find('UserSecurityRole', 'user_id', row.id)) removeUserRole(store, usr);
    for (const m of store.find('Membership', 'user_id', row.id)) store.remove('Membership', m.id);
  } else if (type === 'Project') {
    for (const g of store.find('UserSecurityRoleProject', 'project_id', row.id)) {
      store.remove('UserSecurityRoleProject', g.id);
    }
  } else if (type === 'SecurityRole') {
    const holders = store.find('UserSecurityRole', 'security_role_id', row.id).length;
    if (holders > 0) {
      throw validationError(
        `The security role "${String(row['name'])}" is held by ${holders} user(s); remove it from them first.`,
      );
    }
  } else if (type === 'Group') {
    if (store.find('Group', 'parent_id', row.id).length > 0) {
      throw validationError(
        `The group "${String(row['name'])}" has child groups; delete them first.`,
      );
    }
    for (const m of store.find('Membership', 'group_id', row.id)) store.remove('Membership', m.id);
  }
  store.remove(type, row.id);
  return { action: 'delete', data: true };
}

function removeUserRole(store: Store, usr: Row): void {
  for (const g of store.find('UserSecurityRoleProject', 'user_security_role_id', usr.id)) {
    store.remove('UserSecurityRoleProject', g.id);
  }
  store.remove('UserSecurityRole', usr.id);
}

function entityTypeOf(op: Params, action: string): string {
  const type = op['entity_type'];
  if (typeof type !== 'string' || type === '')
    throw validationError(`"${action}" needs "entity_type".`);
  if (ACTION_ONLY.has(type)) {
    throw validationError(
      `Adding and modifying ${type} directly is not supported; use the actions add_user_security_role, ` +
        'remove_user_security_role, update_user_security_role, grant_user_security_role_project and ' +
        'revoke_user_security_role_project.',
    );
  }
  if (findSchema(type) === undefined) throw validationError(`Unknown entity type "${type}".`);
  if (storedType(type) === undefined || type === 'UserType') {
    throw validationError(`The emulator does not support "${action}" of ${type}.`);
  }
  return type;
}

function entityDataOf(op: Params, type: string): Params {
  const data = op['entity_data'];
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw validationError('"entity_data" must be an object.');
  }
  const { __entity_type__: declared, ...rest } = data as Params;
  if (declared !== undefined && declared !== type) {
    throw validationError(
      `"entity_data.__entity_type__" is ${JSON.stringify(declared)} but "entity_type" is "${type}".`,
    );
  }
  return rest;
}

function keyOf(raw: unknown): string {
  if (typeof raw === 'string' && raw !== '') return raw;
  if (Array.isArray(raw) && raw.length === 1 && typeof raw[0] === 'string') return raw[0];
  throw validationError('"entity_key" must be an id string or a list with one id.');
}

function idFor(op: Params, data: Params, type: string): string {
  const fromData = data['id'];
  const fromKey = op['entity_key'] === undefined ? undefined : keyOf(op['entity_key']);
  if (fromData !== undefined && typeof fromData !== 'string')
    throw validationError(`"id" of ${type} must be a string.`);
  if (fromData !== undefined && fromKey !== undefined && fromData !== fromKey) {
    throw validationError('"entity_key" and "entity_data.id" differ.');
  }
  return fromData ?? fromKey ?? newId();
}

function mustFind(store: Store, type: string, rawKey: unknown): Row {
  const id = keyOf(rawKey);
  const row = store.get(type, id);
  if (row === undefined) throw validationError(`No ${type} with id "${id}".`);
  return row;
}

function checkGroupCycle(store: Store, group: Row): void {
  let parentId = group['parent_id'];
  for (let depth = 0; typeof parentId === 'string'; depth++) {
    if (parentId === group.id || depth > 1000)
      throw validationError('A group cannot be its own ancestor.');
    parentId = store.get('Group', parentId)?.['parent_id'];
  }
}
