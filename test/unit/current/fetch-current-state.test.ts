import { describe, expect, it } from 'vitest';
import { MalformedResponseError } from '../../../src/diagnostics/index.js';
import {
  fetchCurrentState,
  type CURRENT_STATE_QUERIES,
  type StateSource,
} from '../../../src/current/index.js';
import type { EntityData, QueryResult } from '../../../src/wire/index.js';

type Tables = Partial<Record<keyof typeof CURRENT_STATE_QUERIES, EntityData[]>>;

/** Answers the snapshot queries from in-memory rows (no I/O). */
function source(tables: Tables): StateSource & { expressions: string[] } {
  const expressions: string[] = [];
  return {
    server: 'http://127.0.0.1:9',
    expressions,
    query(expression: string): Promise<QueryResult> {
      expressions.push(expression);
      const table = /from (\w+)/.exec(expression)![1] as keyof Tables;
      const [, offset, limit] = /offset (\d+) limit (\d+)$/.exec(expression)!.map(Number);
      const rows = (tables[table] ?? []).slice(offset, offset! + limit!);
      const end = offset! + limit! >= (tables[table] ?? []).length;
      return Promise.resolve({
        action: 'query',
        data: rows,
        metadata: { next: { offset: end ? null : offset! + limit! } },
      });
    },
  };
}

function grant(id: string, projectId: string): EntityData {
  return { __entity_type__: 'UserSecurityRoleProject', id, project_id: projectId };
}

const tables: Tables = {
  User: Array.from({ length: 30 }, (_, i) => ({
    id: `u${i}`,
    username: `user${i}`,
    is_active: i % 2 === 0,
    user_type_id: i === 1 ? 't-service' : i === 2 ? null : 't-user',
  })),
  UserType: [
    { id: 't-user', name: 'user' },
    { id: 't-service', name: 'service' },
  ],
  Project: [
    { id: 'p1', name: 'alpha', full_name: 'Alpha', is_private: false, status: 'active' },
    { id: 'p2', name: 'secret', full_name: null, is_private: true },
  ],
  SecurityRole: [{ id: 'r1', name: 'User', type: 'PROJECT' }],
  UserSecurityRole: [
    {
      id: 'a1',
      user_id: 'u1',
      security_role_id: 'r1',
      is_all_open_projects: true,
      user_security_role_projects: [],
    },
    {
      id: 'a2',
      user_id: 'u2',
      security_role_id: 'r1',
      is_all_open_projects: false,
      user_security_role_projects: [grant('g1', 'p2'), grant('g2', 'p1')],
    },
  ],
  Group: [{ id: 'G1', name: 'Lighting', parent_id: null }],
  Membership: [{ id: 'm1', group_id: 'G1', user_id: 'u3' }],
};

describe('fetchCurrentState', () => {
  it('reads every table in a fixed number of paged bulk queries', async () => {
    const src = source(tables);
    const progress: string[] = [];
    const state = await fetchCurrentState(src, {
      pageSize: 10,
      concurrency: 1,
      onProgress: (p) => progress.push(`${p.table}:${p.rows}`),
    });
    expect(state.server).toBe('http://127.0.0.1:9');
    expect(state.users).toHaveLength(30);
    expect(state.users[1]).toEqual({
      id: 'u1',
      username: 'user1',
      isActive: false,
      type: 'service',
    });
    // No user type (null): none is set.
    expect(state.users.find((u) => u.id === 'u2')).toEqual({
      id: 'u2',
      username: 'user2',
      isActive: true,
    });
    expect(state.users[0]!.type).toBe('user');
    expect(state.projects[1]).toEqual({
      id: 'p2',
      name: 'secret',
      fullName: '',
      isPrivate: true,
      status: '',
    });
    expect(state.assignments).toEqual([
      { id: 'a1', userId: 'u1', roleId: 'r1', allOpen: true, projectIds: [] },
      { id: 'a2', userId: 'u2', roleId: 'r1', allOpen: false, projectIds: ['p1', 'p2'] },
    ]);
    expect(state.groups).toBeUndefined();
    // 30 users at 10 a page: 3 pages; four more tables: one page each (the grants come
    // nested in their roles).
    expect(src.expressions).toHaveLength(7);
    expect(src.expressions.some((e) => e.includes('UserSecurityRoleProject'))).toBe(false);
    expect(src.expressions.every((e) => !e.includes('where'))).toBe(true);
    expect(progress).toContain('User:30');
  });

  it('asks for at most concurrency - 1 pages past the end of a table', async () => {
    const src = source(tables);
    await fetchCurrentState(src, { pageSize: 10, concurrency: 4 });
    const userQueries = src.expressions.filter((e) => e.includes('from User '));
    expect(userQueries.length).toBeGreaterThanOrEqual(3);
    expect(userQueries.length).toBeLessThanOrEqual(3 + 3);
    expect(src.expressions.length - userQueries.length).toBe(4);
  });

  it('reads groups and memberships when asked', async () => {
    const state = await fetchCurrentState(source(tables), { groups: true });
    expect(state.groups).toEqual([
      { id: 'G1', name: 'Lighting', parentId: null, memberUserIds: ['u3'] },
    ]);
  });

  it('refuses rows without the attributes it needs', async () => {
    const broken = { ...tables, User: [{ id: 'u1', is_active: true }] };
    await expect(fetchCurrentState(source(broken))).rejects.toThrow(MalformedResponseError);
    await expect(fetchCurrentState(source(broken))).rejects.toThrow(
      /User row has no string "username"/,
    );
  });

  it('reads the grants nested in their roles, whatever order the pages come in', async () => {
    const state = await fetchCurrentState(source(tables), { pageSize: 1, concurrency: 4 });
    expect(state.assignments).toEqual([
      { id: 'a1', userId: 'u1', roleId: 'r1', allOpen: true, projectIds: [] },
      { id: 'a2', userId: 'u2', roleId: 'r1', allOpen: false, projectIds: ['p1', 'p2'] },
    ]);
  });

  it('lists each granted project once, sorted, when the server repeats a grant', async () => {
    const [a1, a2] = tables.UserSecurityRole!;
    const repeated: Tables = {
      ...tables,
      UserSecurityRole: [
        { ...a1!, user_security_role_projects: [grant('g4', 'p1')] },
        {
          ...a2!,
          user_security_role_projects: [grant('g1', 'p2'), grant('g2', 'p1'), grant('g3', 'p2')],
        },
      ],
    };
    const state = await fetchCurrentState(source(repeated), { pageSize: 1, concurrency: 2 });
    expect(state.assignments.map((a) => [a.id, a.projectIds])).toEqual([
      ['a1', ['p1']],
      ['a2', ['p1', 'p2']],
    ]);
  });

  it('refuses a role row without its nested grants, or a grant without a project', async () => {
    const [a1] = tables.UserSecurityRole!;
    const { user_security_role_projects: _, ...bare } = a1!;
    await expect(
      fetchCurrentState(source({ ...tables, UserSecurityRole: [bare] })),
    ).rejects.toThrow(/UserSecurityRole row has no list "user_security_role_projects"/);
    const noProject = { ...a1!, user_security_role_projects: [{ id: 'g9' }] };
    await expect(
      fetchCurrentState(source({ ...tables, UserSecurityRole: [noProject] })),
    ).rejects.toThrow(/UserSecurityRoleProject row has no string "project_id"/);
    const notObject = { ...a1!, user_security_role_projects: ['p1'] };
    await expect(
      fetchCurrentState(source({ ...tables, UserSecurityRole: [notObject] })),
    ).rejects.toThrow(MalformedResponseError);
  });

  it('reads 2,000 rows a page by default', async () => {
    const users = Array.from({ length: 2000 }, (_, i) => ({
      id: `u${i}`,
      username: `user${i}`,
      is_active: true,
    }));
    const src = source({ ...tables, User: users });
    const state = await fetchCurrentState(src);
    expect(state.users).toHaveLength(2000);
    const userQueries = src.expressions.filter((e) => e.includes('from User '));
    expect(userQueries).toEqual([
      'select id, username, is_active, user_type_id from User order by id offset 0 limit 2000',
    ]);
  });

  it('reads a table again, in order, when its pages do not fit being taken as they come', async () => {
    // A server that leaves rows out of its pages (as one filtering rows after paging
    // would): pages hold fewer rows than asked for, yet name offset + limit as next.
    const hidden = new Set(['u3', 'u14', 'a1']);
    const src = source(tables);
    const filtering: StateSource = {
      server: src.server,
      async query(expression) {
        const page = await src.query(expression);
        return { ...page, data: page.data.filter((row) => !hidden.has(String(row['id']))) };
      },
    };
    const state = await fetchCurrentState(filtering, { pageSize: 5, concurrency: 4 });
    expect(state.users.map((u) => u.id)).toEqual(
      tables
        .User!.map((u) => String(u['id']))
        .filter((id) => !hidden.has(id))
        .sort(),
    );
    expect(state.assignments.map((a) => [a.id, a.projectIds])).toEqual([['a2', ['p1', 'p2']]]);
  });
});
