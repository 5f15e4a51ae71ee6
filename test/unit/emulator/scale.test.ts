import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { post } from './helpers.js';

const USERS = 50_000;
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      security_roles: [
        { name: 'Administrator', type: 'PROJECT' },
        { name: 'User', type: 'PROJECT' },
      ],
      projects: [{ name: 'alpha' }, { name: 'secret', is_private: true }],
      users: [
        { username: 'admin', api_key: 'admin-key', roles: { Administrator: 'all-open' } },
        ...Array.from({ length: USERS - 1 }, (_, i) => ({
          username: `user${String(i).padStart(5, '0')}`,
          roles: { User: i % 10 === 0 ? ['secret'] : ('all-open' as const) },
        })),
      ],
    },
  });
});
afterAll(async () => emu.stop());

describe('a 50,000-user studio', () => {
  it('answers a paged query over every user, ending with next.offset null', async () => {
    const seen = new Set<string>();
    let offset: number | null = 0;
    let pages = 0;
    let previous = '';
    while (offset !== null) {
      const response = await post(emu.url, [
        {
          action: 'query',
          expression: `select id, username from User order by id offset ${offset} limit 5000`,
        },
      ]);
      const [result] = response.json as {
        data: { id: string }[];
        metadata: { next: { offset: number | null } };
      }[];
      for (const row of result!.data) {
        expect(row.id > previous).toBe(true);
        previous = row.id;
        seen.add(row.id);
      }
      offset = result!.metadata.next.offset;
      pages++;
    }
    expect(seen.size).toBe(USERS);
    expect(pages).toBe(10);
  });

  it('finds grants through indexed filters', async () => {
    const [grants, one] = (await emu.call([
      {
        action: 'query',
        expression:
          'select id from UserSecurityRoleProject where project.name is secret limit 10000',
      },
      {
        action: 'query',
        expression:
          'select security_role.name, is_all_open_projects from UserSecurityRole where user.username is user00010',
      },
    ])) as { data: Record<string, unknown>[]; metadata: { next: { offset: number | null } } }[];
    expect(grants!.data).toHaveLength(5000);
    expect(grants!.metadata.next.offset).toBeNull();
    expect(one!.data).toEqual([
      expect.objectContaining({
        is_all_open_projects: false,
        security_role: expect.objectContaining({ name: 'User' }),
      }),
    ]);
  });
});
