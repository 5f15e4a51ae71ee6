import type { CurrentAssignment, CurrentState } from '../../../src/current/types.js';
import type { SecurityRoleOperation } from '../../../src/wire/index.js';

/**
 * A small strict reference server for the planner's tests (written from product-spec §6,
 * independent of src/emulator): applies security-role operations to a CurrentState and
 * throws on any operation a strict server refuses.
 */
export function applyOperations(
  state: CurrentState,
  operations: readonly SecurityRoleOperation[],
  onStep?: (state: CurrentState, index: number) => void,
): CurrentState {
  let assignments = state.assignments.map((a) => ({ ...a, projectIds: [...a.projectIds] }));
  const projects = new Map(state.projects.map((p) => [p.id, p]));
  const users = new Set(state.users.map((u) => u.id));
  const roles = new Set(state.roles.map((r) => r.id));
  operations.forEach((op, i) => {
    const fail = (why: string) => {
      throw new Error(`operation ${i} (${op.action} ${JSON.stringify(op)}): ${why}`);
    };
    if (!users.has(op.user_id)) fail('unknown user');
    if (!roles.has(op.role_id)) fail('unknown role');
    const held = assignments.find((a) => a.userId === op.user_id && a.roleId === op.role_id);
    switch (op.action) {
      case 'add_user_security_role':
        if (held) fail('role already held');
        assignments.push(fresh(op.user_id, op.role_id));
        break;
      case 'remove_user_security_role':
        if (!held) fail('role not held');
        assignments = assignments.filter((a) => a !== held);
        break;
      case 'update_user_security_role': {
        if (!held) fail('old role not held');
        if (!op.new_role_id || !roles.has(op.new_role_id)) fail('unknown new role');
        if (assignments.some((a) => a.userId === op.user_id && a.roleId === op.new_role_id))
          fail('new role already held');
        held!.roleId = op.new_role_id!;
        break;
      }
      case 'grant_user_security_role_project':
      case 'revoke_user_security_role_project':
        if (!held) fail('role not held');
        grantOrRevoke(op, held!, projects, fail);
        break;
    }
    onStep?.({ ...state, assignments: assignments.map((a) => ({ ...a })) }, i);
  });
  return { ...state, assignments };
}

function fresh(userId: string, roleId: string): CurrentAssignment {
  return { id: `a-${userId}-${roleId}`, userId, roleId, allOpen: false, projectIds: [] };
}

function grantOrRevoke(
  op: SecurityRoleOperation,
  held: CurrentAssignment,
  projects: Map<string, { isPrivate: boolean }>,
  fail: (why: string) => void,
) {
  const grant = op.action === 'grant_user_security_role_project';
  if (op.all_open_projects === true) {
    if (op.project_id !== undefined) fail('both project_id and all_open_projects');
    if (grant === held.allOpen) fail(grant ? 'all-open already on' : 'all-open already off');
    held.allOpen = grant;
    return;
  }
  const project = op.project_id === undefined ? undefined : projects.get(op.project_id);
  if (project === undefined) return fail('unknown project');
  const has = held.projectIds.includes(op.project_id!);
  if (grant) {
    if (has) fail('project already granted');
    if (held.allOpen && !project.isPrivate) fail('open project while the role is all-open');
    held.projectIds = [...held.projectIds, op.project_id!].sort();
  } else {
    if (!has) fail('project not granted');
    held.projectIds = held.projectIds.filter((id) => id !== op.project_id);
  }
}

/** Effective access: `user|role|project` for every project a (user, role) pair reaches. */
export function effectiveAccess(state: CurrentState): Set<string> {
  const users = new Map(state.users.map((u) => [u.id, u.username]));
  const roles = new Map(state.roles.map((r) => [r.id, r.name]));
  const names = new Map(state.projects.map((p) => [p.id, p.name]));
  const open = state.projects.filter((p) => !p.isPrivate).map((p) => p.name);
  const found = new Set<string>();
  for (const a of state.assignments) {
    const reach = new Set([
      ...(a.allOpen ? open : []),
      ...a.projectIds.map((id) => names.get(id) ?? id),
    ]);
    for (const p of reach) found.add(`${users.get(a.userId)}|${roles.get(a.roleId)}|${p}`);
  }
  return found;
}
