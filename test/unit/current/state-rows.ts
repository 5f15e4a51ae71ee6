import type { CurrentState, StateSource } from '../../../src/current/index.js';
import type { EntityData, QueryResult } from '../../../src/wire/index.js';

/** The rows of a state's tables, as a server would hold them (ids sorted within a table). */
export function stateRows(state: CurrentState): Record<string, EntityData[]> {
  const types = [...new Set(state.users.flatMap((u) => (u.type === undefined ? [] : [u.type])))];
  const byId = (a: EntityData, b: EntityData) => (String(a['id']) < String(b['id']) ? -1 : 1);
  const tables: Record<string, EntityData[]> = {
    User: state.users.map((u) => ({
      id: u.id,
      username: u.username,
      is_active: u.isActive,
      user_type_id: u.type === undefined ? null : `t-${u.type}`,
    })),
    UserType: types.map((name) => ({ id: `t-${name}`, name })),
    Project: state.projects.map((p) => ({
      id: p.id,
      name: p.name,
      full_name: p.fullName,
      is_private: p.isPrivate,
      status: p.status,
    })),
    SecurityRole: state.roles.map((r) => ({ id: r.id, name: r.name, type: r.type })),
    UserSecurityRole: state.assignments.map((a) => ({
      id: a.id,
      user_id: a.userId,
      security_role_id: a.roleId,
      is_all_open_projects: a.allOpen,
      user_security_role_projects: a.projectIds.map((p) => ({
        __entity_type__: 'UserSecurityRoleProject',
        id: `${a.id}.${p}`,
        project_id: p,
      })),
    })),
  };
  for (const rows of Object.values(tables)) rows.sort(byId);
  return tables;
}

const QUERY =
  /^select [\w., ]+ from (\w+)(?: where (\w+) in \(([^)]*)\))? order by id offset (\d+) limit (\d+)$/;

/**
 * A StateSource answering the snapshot's and the targeted reads' queries from a state held
 * in memory (no I/O): `select … from T [where PATH in ("id", …)] order by id offset N limit M`,
 * with PATH `id`, `user_id` or `security_role_id`. Records the
 * expressions and the rows it answered with. Anything else is refused.
 */
export function memorySource(state: () => CurrentState): StateSource & {
  expressions: string[];
  rows: Record<string, number>;
} {
  const expressions: string[] = [];
  const rows: Record<string, number> = {};
  return {
    server: 'http://127.0.0.1:9',
    expressions,
    rows,
    query(expression: string): Promise<QueryResult> {
      expressions.push(expression);
      const match = QUERY.exec(expression);
      if (match === null) return Promise.reject(new Error(`unexpected query: ${expression}`));
      const [, table, path, list, offset, limit] = match;
      const tables = stateRows(state());
      let found = tables[table!] ?? [];
      if (path !== undefined) {
        const ids = new Set([...list!.matchAll(/"([^"]+)"/g)].map((m) => m[1]));
        found = found.filter((row) => ids.has(row[path] as string));
      }
      const start = Number(offset);
      const page = found.slice(start, start + Number(limit));
      rows[table!] = (rows[table!] ?? 0) + page.length;
      const next = start + Number(limit) < found.length ? start + Number(limit) : null;
      return Promise.resolve({ action: 'query', data: page, metadata: { next: { offset: next } } });
    },
  };
}
