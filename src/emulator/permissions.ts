import { permissionError } from './errors.js';
import type { Store, Row } from './store.js';

/** The role whose holders (on all open projects) may change users, roles and projects. */
export const ADMIN_ROLE = 'Administrator';

/** The user a call acts as; null for in-process calls that bypass permission checks. */
export type Caller = Row | null;

/** True when the user holds `Administrator` with `is_all_open_projects`. */
export function isAdministrator(store: Store, userId: string): boolean {
  const [role] = store.find('SecurityRole', 'name', ADMIN_ROLE);
  if (role === undefined) return false;
  return store
    .find('UserSecurityRole', 'user_id', userId)
    .some((r) => r['security_role_id'] === role.id && r['is_all_open_projects'] === true);
}

/** Throws PermissionError unless the caller is an Administrator on all open projects. */
export function requireAdministrator(store: Store, caller: Caller, what: string): void {
  if (caller === null || isAdministrator(store, caller.id)) return;
  throw permissionError(
    `User "${String(caller['username'])}" is not permitted to ${what}: ` +
      `it needs the security role "${ADMIN_ROLE}" on all open projects.`,
  );
}
