import type { CurrentState } from '../current/types.js';
import type { SecurityRoleOperation } from '../wire/index.js';

/** An operation in names: `grant_user_security_role_project user "bo" role "User" project "nebula"`. */
export function describeOperation(operation: SecurityRoleOperation, current: CurrentState): string {
  const user = current.users.find((u) => u.id === operation.user_id)?.username ?? operation.user_id;
  const role = (id: string) => current.roles.find((r) => r.id === id)?.name ?? id;
  const parts = [operation.action, `user "${user}"`, `role "${role(operation.role_id)}"`];
  if (operation.new_role_id !== undefined) parts.push(`new role "${role(operation.new_role_id)}"`);
  if (operation.project_id !== undefined) {
    const project = current.projects.find((p) => p.id === operation.project_id);
    parts.push(`project "${project?.name ?? operation.project_id}"`);
  }
  if (operation.all_open_projects === true) parts.push('all open projects');
  return parts.join(' ');
}
