import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchCurrentState, type CurrentState } from '../../../src/current/index.js';
import { computeStateDigest, indexForPlan } from '../../../src/plan/index.js';
import {
  startEmulator,
  type Emulator,
  type EmulatorSnapshot,
} from '../../../src/emulator/index.js';
import { queryAll, type Session } from '../../../src/session/index.js';
import { compareStrings } from '../../../src/model/index.js';
import { ADMIN_KEY, studioSeed } from './helpers/seed.js';
import { testSession } from './helpers/session.js';

let emu: Emulator;
const sessions: Session[] = [];

function open(url = emu.url): Session {
  const { session } = testSession(url, { user: 'admin', key: ADMIN_KEY });
  sessions.push(session);
  return session;
}

/** The name-based view of a CurrentState, shaped like the emulator's snapshot. */
function nameView(state: CurrentState): EmulatorSnapshot {
  const held = indexForPlan(state).held;
  const usernames = new Map(state.users.map((u) => [u.id, u.username]));
  const groupNames = new Map((state.groups ?? []).map((g) => [g.id, g.name]));
  const users = state.users.map((u) => {
    const roles: EmulatorSnapshot['users'][number]['roles'] = {};
    for (const [role, scope] of held.get(u.username) ?? []) roles[role] = scope;
    // The snapshot names a user's type when it is not "user".
    const type = u.type === 'user' ? {} : { type: (u.type ?? null) as 'service' | null };
    return { username: u.username, is_active: u.isActive, ...type, roles };
  });
  const byName = <T extends { name: string }>(a: T, b: T) => compareStrings(a.name, b.name);
  return {
    users: users.sort((a, b) => compareStrings(a.username, b.username)),
    projects: state.projects
      .map((p) => ({
        name: p.name,
        full_name: p.fullName,
        is_private: p.isPrivate,
        status: p.status,
      }))
      .sort(byName),
    security_roles: state.roles
      .map((r) => ({ name: r.name, type: r.type as 'PROJECT' }))
      .sort(byName),
    groups: (state.groups ?? [])
      .map((g) => ({
        name: g.name,
        parent: g.parentId === null ? null : groupNames.get(g.parentId)!,
        members: g.memberUserIds.map((id) => usernames.get(id)!).sort(compareStrings),
      }))
      .sort(byName),
  };
}

beforeAll(async () => {
  emu = await startEmulator({ seed: studioSeed(50) });
});
afterAll(async () => {
  await emu.stop();
});
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  emu.resetCounters();
});

describe('queryAll against the emulator', () => {
  it('pages across page boundaries (pageSize 7) and matches one unpaged query', async () => {
    const session = open();
    const all = await session.query('select id, username from User order by id');
    emu.resetCounters();
    const paged = await queryAll(session, 'select id, username from User', {
      pageSize: 7,
      concurrency: 1,
    });
    expect(all.data.length).toBeGreaterThan(50);
    expect(paged).toEqual(all.data);
    expect(emu.requestCount()).toBe(Math.ceil(all.data.length / 7));
    const expressions = emu
      .requests()
      .map((batch) => (batch[0] as { expression: string }).expression);
    expect(expressions[1]).toBe('select id, username from User order by id offset 7 limit 7');
  });

  it('gives the same rows with concurrent paging, also under a server page cap', async () => {
    const capped = await startEmulator({ seed: studioSeed(50), pageSizeLimit: 5 });
    try {
      for (const url of [emu.url, capped.url]) {
        const session = open(url);
        const sequential = await queryAll(session, 'select id, username from User', {
          pageSize: 7,
          concurrency: 1,
        });
        const concurrent = await queryAll(session, 'select id, username from User', {
          pageSize: 7,
          concurrency: 6,
        });
        expect(concurrent).toEqual(sequential);
        expect(new Set(concurrent.map((r) => r['id'])).size).toBe(concurrent.length);
      }
    } finally {
      await capped.stop();
    }
  });
});

describe('fetchCurrentState against the emulator', () => {
  it('reads exactly what the server holds', async () => {
    const state = await fetchCurrentState(open(), { groups: true, pageSize: 7 });
    expect(state.server).toBe(emu.url);
    expect(nameView(state)).toEqual(emu.snapshot());
    expect(state.users.find((u) => u.username === 'render-farm')?.type).toBe('service');
    expect(state.users.find((u) => u.username === 'ana')?.type).toBe('user');
  });

  it('uses a fixed number of bulk queries, not one per user', async () => {
    const progress: string[] = [];
    await fetchCurrentState(open(), { onProgress: (p) => progress.push(p.table) });
    // One query per table; the project grants come nested in the UserSecurityRole rows.
    expect(emu.operationCounts()).toEqual({ query: 5 });
    expect(new Set(progress)).toEqual(
      new Set(['User', 'UserType', 'Project', 'SecurityRole', 'UserSecurityRole']),
    );
    emu.resetCounters();
    await fetchCurrentState(open(), { groups: true });
    expect(emu.operationCounts()).toEqual({ query: 7 });
  });

  it('gives the same snapshot and digest with concurrent and sequential paging', async () => {
    const managed = new Set(['ana', 'bo', 'quote"user', 'user001']);
    const sequential = await fetchCurrentState(open(), {
      groups: true,
      pageSize: 7,
      concurrency: 1,
    });
    const concurrent = await fetchCurrentState(open(), {
      groups: true,
      pageSize: 7,
      concurrency: 8,
    });
    expect(concurrent).toEqual(sequential);
    expect(computeStateDigest(concurrent, managed)).toBe(computeStateDigest(sequential, managed));
  });
});

describe('state digest against the emulator', () => {
  const managed = new Set(['ana', 'bo', 'user003', 'newbie']);
  const digest = async () =>
    computeStateDigest(await fetchCurrentState(open(), { pageSize: 7 }), managed);
  async function id(entity: string, attribute: string, value: string): Promise<string> {
    const [r] = (await emu.call([
      { action: 'query', expression: `select id from ${entity} where ${attribute} is "${value}"` },
    ])) as [{ data: { id: string }[] }];
    return r.data[0]!.id;
  }
  const user = (name: string) => id('User', 'username', name);
  const role = (name: string) => id('SecurityRole', 'name', name);
  const project = (name: string) => id('Project', 'name', name);

  it('is stable across reads and changes with every relevant change', async () => {
    const seen = new Set<string>([await digest()]);
    expect(await digest()).toBe([...seen][0]);

    // Irrelevant: an unmanaged user's roles, a project's full name.
    await emu.call([
      {
        action: 'add_user_security_role',
        user_id: await user('user002'),
        role_id: await role('Administrator'),
      },
    ]);
    await emu.call([
      {
        action: 'update',
        entity_type: 'Project',
        entity_key: await project('alpha'),
        entity_data: { full_name: 'A' },
      },
    ]);
    expect(seen.has(await digest())).toBe(true);

    const changes: (() => Promise<unknown>)[] = [
      async () =>
        emu.call([
          {
            action: 'add_user_security_role',
            user_id: await user('ana'),
            role_id: await role('Administrator'),
          },
        ]),
      async () =>
        emu.call([
          {
            action: 'grant_user_security_role_project',
            user_id: await user('ana'),
            role_id: await role('Administrator'),
            project_id: await project('secret'),
          },
        ]),
      async () =>
        emu.call([
          {
            action: 'grant_user_security_role_project',
            user_id: await user('ana'),
            role_id: await role('Administrator'),
            all_open_projects: true,
          },
        ]),
      async () =>
        emu.call([
          {
            action: 'revoke_user_security_role_project',
            user_id: await user('bo'),
            role_id: await role('User'),
            project_id: await project('secret'),
          },
        ]),
      async () =>
        emu.call([
          {
            action: 'remove_user_security_role',
            user_id: await user('user003'),
            role_id: await role('User'),
          },
        ]),
      async () =>
        emu.call([
          {
            action: 'update',
            entity_type: 'User',
            entity_key: await user('bo'),
            entity_data: { is_active: true },
          },
        ]),
      async () =>
        emu.call([
          {
            action: 'update',
            entity_type: 'Project',
            entity_key: await project('alpha'),
            entity_data: { is_private: true },
          },
        ]),
      async () =>
        emu.call([
          {
            action: 'update',
            entity_type: 'Project',
            entity_key: await project('alpha'),
            entity_data: { name: 'alpha2' },
          },
        ]),
      async () =>
        emu.call([{ action: 'create', entity_type: 'Project', entity_data: { name: 'gamma' } }]),
      async () =>
        emu.call([
          {
            action: 'update',
            entity_type: 'SecurityRole',
            entity_key: await role('User'),
            entity_data: { name: 'Artist' },
          },
        ]),
      async () =>
        emu.call([
          {
            action: 'create',
            entity_type: 'SecurityRole',
            entity_data: { name: 'Lead', type: 'PROJECT' },
          },
        ]),
      async () =>
        emu.call([{ action: 'create', entity_type: 'User', entity_data: { username: 'newbie' } }]),
    ];
    for (const change of changes) {
      await change();
      const next = await digest();
      expect(seen.has(next)).toBe(false);
      seen.add(next);
    }
  });
});
