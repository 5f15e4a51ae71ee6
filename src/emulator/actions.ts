import type { ActionResult, SecurityRoleAction } from '../wire/index.js';
import { duplicateError, validationError } from './errors.js';
import { requireAdministrator, type Caller } from './permissions.js';
import type { ServerBehaviour } from './server-options.js';
import { newId } from './state.js';
import type { Row, Store } from './store.js';

type Params = Record<string, unknown>;

const PARAMETERS: Record<SecurityRoleAction, readonly string[]> = {
  add_user_security_role: ['user_id', 'role_id'],
  remove_user_security_role: ['user_id', 'role_id'],
  update_user_security_role: ['user_id', 'role_id', 'new_role_id'],
  grant_user_security_role_project: ['user_id', 'role_id', 'project_id', 'all_open_projects'],
  revoke_user_security_role_project: ['user_id', 'role_id', 'project_id', 'all_open_projects'],
};

export function isSecurityRoleAction(action: string): action is SecurityRoleAction {
  return Object.hasOwn(PARAMETERS, action);
}

/** Runs one of the five security-role actions with the strict semantics of the spec (§6). */
export function runSecurityRoleAction(
  store: Store,
  caller: Caller,
  action: SecurityRoleAction,
  params: Params,
  behaviour: ServerBehaviour,
): ActionResult {
  checkParameters(action, params);
  requireAdministrator(store, caller, `run "${action}"`);
  const user = mustGet(store, 'User', params['user_id'], 'user_id');
  const role = mustGet(store, 'SecurityRole', params['role_id'], 'role_id');
  const held = heldRole(store, user.id, role.id);
  const label = `User "${str(user['username'])}"`;
  const roleName = `"${str(role['name'])}"`;
  if (action === 'add_user_security_role') {
    if (held !== undefined)
      throw duplicateError(`${label} already holds the security role ${roleName}.`);
    if (role['type'] === 'API') {
      throw validationError(
        `The security role ${roleName} has type API and can only be given to API keys, not to users.`,
      );
    }
    store.insert('UserSecurityRole', {
      id: newId(),
      user_id: user.id,
      security_role_id: role.id,
      is_all_open_projects: behaviour.addRoleScope === 'all-open',
    });
    return { action, data: true };
  }
  if (held === undefined)
    throw validationError(`${label} does not hold the security role ${roleName}.`);
  if (action === 'remove_user_security_role') {
    for (const grant of grantsOf(store, held.id)) store.remove('UserSecurityRoleProject', grant.id);
    store.remove('UserSecurityRole', held.id);
  } else if (action === 'update_user_security_role') {
    updateRole(store, held, label, params);
  } else if (action === 'grant_user_security_role_project') {
    grant(store, held, role, `${label} ${roleName}`, params, behaviour);
  } else {
    revoke(store, held, `${label} ${roleName}`, params);
  }
  return { action, data: true };
}

function updateRole(store: Store, held: Row, label: string, params: Params): void {
  const next = mustGet(store, 'SecurityRole', params['new_role_id'], 'new_role_id');
  const name = `"${str(next['name'])}"`;
  if (heldRole(store, str(held['user_id']), next.id) !== undefined) {
    throw duplicateError(`${label} already holds the security role ${name}.`);
  }
  if (next['type'] === 'API') {
    throw validationError(`The security role ${name} has type API and cannot be given to users.`);
  }
  if (next['type'] === 'ASSIGNED') {
    for (const g of grantsOf(store, held.id)) {
      if (store.get('Project', g['project_id'])?.['is_private'] === true) {
        throw validationError(
          `The security role ${name} has type ASSIGNED and cannot be granted on private projects.`,
        );
      }
    }
  }
  store.update('UserSecurityRole', held.id, { security_role_id: next.id });
}

function grant(
  store: Store,
  held: Row,
  role: Row,
  label: string,
  params: Params,
  behaviour: ServerBehaviour,
): void {
  const project = projectTarget(store, params);
  if (project === 'all-open') {
    if (held['is_all_open_projects'] === true)
      throw validationError(`${label} is already granted on all open projects.`);
    store.update('UserSecurityRole', held.id, { is_all_open_projects: true });
    if (!behaviour.grantAllOpenKeepsProjects) {
      for (const g of grantsOf(store, held.id)) store.remove('UserSecurityRoleProject', g.id);
    }
    return;
  }
  const name = `"${str(project['name'])}"`;
  if (grantsOf(store, held.id).some((g) => g['project_id'] === project.id)) {
    throw duplicateError(`${label} is already granted on the project ${name}.`);
  }
  if (held['is_all_open_projects'] === true && project['is_private'] !== true) {
    throw validationError(
      `${label} is granted on all open projects, which includes the open project ${name}.`,
    );
  }
  if (role['type'] === 'ASSIGNED' && project['is_private'] === true) {
    throw validationError(
      `${label}: a role of type ASSIGNED cannot be granted on the private project ${name}.`,
    );
  }
  store.insert('UserSecurityRoleProject', {
    id: newId(),
    user_security_role_id: held.id,
    project_id: project.id,
  });
}

function revoke(store: Store, held: Row, label: string, params: Params): void {
  const project = projectTarget(store, params);
  if (project === 'all-open') {
    if (held['is_all_open_projects'] !== true)
      throw validationError(`${label} is not granted on all open projects.`);
    store.update('UserSecurityRole', held.id, { is_all_open_projects: false });
    return;
  }
  const row = grantsOf(store, held.id).find((g) => g['project_id'] === project.id);
  if (row === undefined)
    throw validationError(`${label} is not granted on the project "${str(project['name'])}".`);
  store.remove('UserSecurityRoleProject', row.id);
}

/** Exactly one of `project_id` and `all_open_projects: true`. */
function projectTarget(store: Store, params: Params): Row | 'all-open' {
  const all = params['all_open_projects'];
  const projectId = params['project_id'];
  if (all !== undefined && all !== null && typeof all !== 'boolean') {
    throw validationError('"all_open_projects" must be a boolean.');
  }
  const hasProject = projectId !== undefined && projectId !== null;
  if (all === true && hasProject)
    throw validationError('Give either "project_id" or "all_open_projects", not both.');
  if (all === true) return 'all-open';
  if (!hasProject) throw validationError('Give "project_id" or "all_open_projects": true.');
  return mustGet(store, 'Project', projectId, 'project_id');
}

function checkParameters(action: SecurityRoleAction, params: Params): void {
  const allowed = PARAMETERS[action];
  for (const key of Object.keys(params)) {
    if (key === 'action' || key === 'metadata' || allowed.includes(key)) continue;
    throw validationError(
      `Unknown parameter "${key}" for action "${action}"; expected ${allowed.join(', ')}.`,
    );
  }
  for (const key of allowed) {
    const value = params[key];
    if (key === 'project_id' || key === 'all_open_projects') continue;
    if (typeof value !== 'string' || value === '') {
      throw validationError(`Action "${action}" needs the parameter "${key}" (an id string).`);
    }
  }
}

function mustGet(store: Store, type: string, id: unknown, param: string): Row {
  if (typeof id !== 'string') throw validationError(`"${param}" must be an id string.`);
  const row = store.get(type, id);
  if (row === undefined) throw validationError(`No ${type} with id "${id}" (${param}).`);
  return row;
}

function heldRole(store: Store, userId: string, roleId: string): Row | undefined {
  return store
    .find('UserSecurityRole', 'user_id', userId)
    .find((r) => r['security_role_id'] === roleId);
}

function grantsOf(store: Store, userSecurityRoleId: string): Row[] {
  return store.find('UserSecurityRoleProject', 'user_security_role_id', userSecurityRoleId);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}
