import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { smallSeed } from './helpers.js';

let emu: Emulator;
const id: Record<string, string> = {};

beforeAll(async () => {
  emu = await startEmulator({ seed: smallSeed() });
  const results = (await emu.call([
    { action: 'query', expression: 'select username from User' },
    { action: 'query', expression: 'select name from SecurityRole' },
    { action: 'query', expression: 'select name from Project' },
  ])) as { data: Record<string, string>[] }[];
  for (const r of results.flatMap((x) => x.data)) id[r['username'] ?? r['name']!] = r['id']!;
});
afterAll(async () => emu.stop());

describe('one call is all-or-nothing', () => {
  it('rolls back every earlier operation when a later one fails', async () => {
    const before = emu.snapshot();
    const operations = [
      { action: 'create', entity_type: 'User', entity_data: { username: 'temp' } },
      { action: 'add_user_security_role', user_id: id['bo'], role_id: id['Supervisor'] },
      {
        action: 'grant_user_security_role_project',
        user_id: id['bo'],
        role_id: id['Supervisor'],
        project_id: id['alpha'],
      },
      {
        action: 'revoke_user_security_role_project',
        user_id: id['bo'],
        role_id: id['User'],
        all_open_projects: true,
      },
      {
        action: 'update',
        entity_type: 'Project',
        entity_key: id['beta'],
        entity_data: { is_private: true },
      },
      { action: 'remove_user_security_role', user_id: id['ana'], role_id: id['Supervisor'] },
      { action: 'remove_user_security_role', user_id: id['bo'], role_id: id['Administrator'] },
    ];
    await expect(emu.call(operations, { asUser: 'admin' })).rejects.toMatchObject({
      exception: 'ValidationError',
    });
    expect(emu.snapshot()).toEqual(before);
  });

  it('lets later operations see the effects of earlier ones', async () => {
    const results = await emu.call(
      [
        { action: 'add_user_security_role', user_id: id['bo'], role_id: id['Supervisor'] },
        {
          action: 'grant_user_security_role_project',
          user_id: id['bo'],
          role_id: id['Supervisor'],
          project_id: id['secret'],
        },
        {
          action: 'query',
          expression: `select is_all_open_projects, user_security_role_projects.project.name from UserSecurityRole where user_id is "${id['bo']}" and security_role.name is Supervisor`,
        },
      ],
      { asUser: 'admin' },
    );
    expect(results[2]).toMatchObject({
      data: [
        {
          is_all_open_projects: false,
          user_security_role_projects: [{ project: { name: 'secret' } }],
        },
      ],
    });
  });

  it('runs a remove and an add of the same role in one call', async () => {
    await emu.call(
      [
        { action: 'remove_user_security_role', user_id: id['bo'], role_id: id['Supervisor'] },
        { action: 'add_user_security_role', user_id: id['bo'], role_id: id['Supervisor'] },
      ],
      { asUser: 'admin' },
    );
    expect(emu.snapshot().users.find((u) => u.username === 'bo')!.roles['Supervisor']).toEqual({
      all_open: false,
      projects: [],
    });
  });

  it('keeps query answers consistent after a rollback (no stale cache)', async () => {
    const count = async () =>
      (
        (await emu.call([{ action: 'query', expression: 'select id from User' }])) as {
          data: unknown[];
        }[]
      )[0]!.data.length;
    const before = await count();
    await expect(
      emu.call([
        { action: 'create', entity_type: 'User', entity_data: { username: 'x1' } },
        { action: 'nope' },
      ]),
    ).rejects.toMatchObject({ content: "Invalid action 'nope'" });
    expect(await count()).toBe(before);
  });
});
