import type { CurrentState } from '../current/types.js';
import type { SecurityRoleOperation } from '../wire/index.js';

/** An operation in names: `grant_user_security_role_project user "bo" role "User" project "nebula"`. */
export function describeOperation(operation: SecurityRoleOperation, current: CurrentState): string {
  return operationNamer(current)(operation);
}

/**
 * Describes operations in names (describeOperation), looking the ids up in maps built once:
 * for a whole plan (`apply --dry-run`). An id the state does not know is shown as is.
 */
export function operationNamer(
  current: CurrentState,
): (operation: SecurityRoleOperation) => string {
  const users = new Map(current.users.map((u) => [u.id, u.username]));
  const roles = new Map(current.roles.map((r) => [r.id, r.name]));
  const projects = new Map(current.projects.map((p) => [p.id, p.name]));
  return (operation) => {
    const role = (id: string) => roles.get(id) ?? id;
    const parts = [
      operation.action,
      `user "${users.get(operation.user_id) ?? operation.user_id}"`,
      `role "${role(operation.role_id)}"`,
    ];
    if (operation.new_role_id !== undefined)
      parts.push(`new role "${role(operation.new_role_id)}"`);
    if (operation.project_id !== undefined) {
      parts.push(`project "${projects.get(operation.project_id) ?? operation.project_id}"`);
    }
    if (operation.all_open_projects === true) parts.push('all open projects');
    return parts.join(' ');
  };
}
