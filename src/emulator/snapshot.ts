import { compareStrings, type SecurityRoleType } from '../model/index.js';
import type { UserTypeName } from './entities.js';
import type { EmulatorState } from './state.js';
import type { Row } from './store.js';

/** A plain, name-based view of the emulator's state for test assertions (all sorted). */
export interface EmulatorSnapshot {
  users: {
    username: string;
    is_active: boolean;
    /** The user's UserType name, only when it is not "user" (null: a client cleared it). */
    type?: Exclude<UserTypeName, 'user'> | null;
    roles: Record<string, { all_open: boolean; projects: string[] }>;
  }[];
  projects: { name: string; full_name: string; is_private: boolean; status: string }[];
  security_roles: { name: string; type: SecurityRoleType }[];
  groups: { name: string; parent: string | null; members: string[] }[];
}

export function takeSnapshot(state: EmulatorState): EmulatorSnapshot {
  const store = state.store;
  const rows = (type: string): Row[] => [...(store.table(type)?.rows.values() ?? [])];
  const name = (type: string, id: unknown, attribute = 'name'): string =>
    String(store.get(type, id)?.[attribute] ?? id);
  const byName =
    <T extends Record<K, string>, K extends string>(key: K) =>
    (a: T, b: T) =>
      compareStrings(a[key], b[key]);
  const users = rows('User').map((user) => {
    const roles: EmulatorSnapshot['users'][number]['roles'] = {};
    const held = store.find('UserSecurityRole', 'user_id', user.id);
    for (const usr of held.sort((a, b) =>
      compareStrings(
        name('SecurityRole', a['security_role_id']),
        name('SecurityRole', b['security_role_id']),
      ),
    )) {
      const projects = store
        .find('UserSecurityRoleProject', 'user_security_role_id', usr.id)
        .map((g) => name('Project', g['project_id']))
        .sort(compareStrings);
      roles[name('SecurityRole', usr['security_role_id'])] = {
        all_open: usr['is_all_open_projects'] === true,
        projects,
      };
    }
    const snap: EmulatorSnapshot['users'][number] = {
      username: String(user['username']),
      is_active: user['is_active'] === true,
      roles,
    };
    const type = store.get('UserType', user['user_type_id'])?.['name'] ?? null;
    if (type !== 'user') snap.type = type as Exclude<UserTypeName, 'user'> | null;
    return snap;
  });
  return {
    users: users.sort(byName('username')),
    projects: rows('Project')
      .map((p) => ({
        name: String(p['name']),
        full_name: text(p['full_name']),
        is_private: p['is_private'] === true,
        status: text(p['status']),
      }))
      .sort(byName('name')),
    security_roles: rows('SecurityRole')
      .map((r) => ({ name: String(r['name']), type: r['type'] as SecurityRoleType }))
      .sort(byName('name')),
    groups: rows('Group')
      .map((g) => ({
        name: String(g['name']),
        parent:
          g['parent_id'] === null || g['parent_id'] === undefined
            ? null
            : name('Group', g['parent_id']),
        members: store
          .find('Membership', 'group_id', g.id)
          .map((m) => name('User', m['user_id'], 'username'))
          .sort(compareStrings),
      }))
      .sort(byName('name')),
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
