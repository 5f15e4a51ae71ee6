import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorError, startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { smallSeed } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: smallSeed() });
});
afterAll(async () => emu.stop());

async function failure(operations: unknown[], asUser = 'admin'): Promise<EmulatorError> {
  try {
    await emu.call(operations, { asUser });
  } catch (error) {
    if (error instanceof EmulatorError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function one(operation: unknown): Promise<{ action: string; data: Record<string, unknown> }> {
  const [result] = await emu.call([operation], { asUser: 'admin' });
  return result as { action: string; data: Record<string, unknown> };
}

describe('create / update / delete', () => {
  it('creates a user from its username alone, with defaults', async () => {
    const created = await one({
      action: 'create',
      entity_type: 'User',
      entity_data: { __entity_type__: 'User', username: 'cleo' },
    });
    expect(created.action).toBe('create');
    expect(created.data).toMatchObject({
      __entity_type__: 'User',
      username: 'cleo',
      is_active: true,
      resource_type: 'user',
      id: expect.any(String),
    });
  });

  it('creates a project open and active unless told otherwise; full_name defaults to name', async () => {
    const created = await one({
      action: 'create',
      entity_type: 'Project',
      entity_data: { name: 'gamma' },
    });
    expect(created.data).toMatchObject({
      name: 'gamma',
      full_name: 'gamma',
      is_private: false,
      status: 'active',
    });
  });

  it('accepts schema defaults a client sends along (Python sends resource_type)', async () => {
    const created = await one({
      action: 'create',
      entity_type: 'User',
      entity_data: { username: 'py', resource_type: 'user' },
    });
    expect(created.data).toMatchObject({ username: 'py', resource_type: 'user' });
  });

  it('keeps a client-generated id and accepts the Python entity_key', async () => {
    const id = '11111111-2222-4333-8444-555555555555';
    const created = await one({
      action: 'create',
      entity_type: 'SecurityRole',
      entity_key: [id],
      entity_data: { id, name: 'Lead', type: 'PROJECT' },
    });
    expect(created.data['id']).toBe(id);
  });

  it('creates groups and memberships through references', async () => {
    const [group] = (await emu.call([
      { action: 'query', expression: 'select id from Group where name is Lighting' },
    ])) as { data: { id: string }[] }[];
    const [user] = (await emu.call([
      { action: 'query', expression: 'select id from User where username is admin' },
    ])) as { data: { id: string }[] }[];
    await one({
      action: 'create',
      entity_type: 'Membership',
      entity_data: {
        user: { __entity_type__: 'User', id: user!.data[0]!.id },
        group_id: group!.data[0]!.id,
      },
    });
    expect(emu.snapshot().groups.find((g) => g.name === 'Lighting')!.members).toEqual([
      'admin',
      'ana',
      'bo',
    ]);
    const again = await failure([
      {
        action: 'create',
        entity_type: 'Membership',
        entity_data: { user_id: user!.data[0]!.id, group_id: group!.data[0]!.id },
      },
    ]);
    expect(again.exception).toBe('DuplicateEntryError');
  });

  it.each([
    ['User', { username: 'ana' }],
    ['Project', { name: 'alpha' }],
    ['SecurityRole', { name: 'User', type: 'PROJECT' }],
  ])('refuses a duplicate %s with DuplicateEntryError', async (type, data) => {
    const error = await failure([{ action: 'create', entity_type: type, entity_data: data }]);
    expect(error.exception).toBe('DuplicateEntryError');
  });

  it.each([
    [
      { action: 'create', entity_type: 'UserSecurityRole', entity_data: {} },
      'not supported; use the actions',
    ],
    [
      { action: 'create', entity_type: 'UserSecurityRoleProject', entity_data: {} },
      'not supported; use the actions',
    ],
    [
      { action: 'update', entity_type: 'UserSecurityRole', entity_key: 'x', entity_data: {} },
      'not supported; use the actions',
    ],
    [
      { action: 'delete', entity_type: 'UserSecurityRoleProject', entity_key: ['x'] },
      'not supported; use the actions',
    ],
    [{ action: 'create', entity_type: 'Nope', entity_data: {} }, 'Unknown entity type'],
    [{ action: 'create', entity_type: 'Task', entity_data: {} }, 'does not support'],
    [{ action: 'create', entity_type: 'User', entity_data: {} }, 'needs "username"'],
    [
      { action: 'create', entity_type: 'User', entity_data: { username: 'x', colour: 'red' } },
      'has no attribute "colour"',
    ],
    [
      {
        action: 'create',
        entity_type: 'User',
        entity_data: { username: 'x', resource_type: 'group' },
      },
      'cannot be set',
    ],
    [
      { action: 'create', entity_type: 'User', entity_data: { username: 'x', is_active: 'yes' } },
      'must be a boolean',
    ],
    [
      {
        action: 'create',
        entity_type: 'User',
        entity_data: { __entity_type__: 'Project', username: 'x' },
      },
      '"entity_type" is "User"',
    ],
    [
      { action: 'create', entity_type: 'SecurityRole', entity_data: { name: 'X', type: 'GLOBAL' } },
      'must be one of',
    ],
    [
      {
        action: 'create',
        entity_type: 'Membership',
        entity_data: { user_id: 'nope', group_id: 'nope' },
      },
      'no User with id',
    ],
    [
      {
        action: 'update',
        entity_type: 'User',
        entity_key: 'nope',
        entity_data: { first_name: 'x' },
      },
      'No User with id',
    ],
    [{ action: 'delete', entity_type: 'User', entity_key: [] }, '"entity_key" must be'],
  ])('refuses %j with a ValidationError', async (operation, fragment) => {
    const error = await failure([operation]);
    expect(error.exception).toBe('ValidationError');
    expect(error.content).toContain(fragment);
  });

  it('updates by a string or a list key and answers the changed attributes plus identity', async () => {
    const [user] = (await emu.call([
      { action: 'query', expression: 'select id from User where username is bo' },
    ])) as { data: { id: string }[] }[];
    const id = user!.data[0]!.id;
    const updated = await one({
      action: 'update',
      entity_type: 'User',
      entity_key: id,
      entity_data: { __entity_type__: 'User', first_name: 'Bo' },
    });
    expect(updated).toEqual({
      action: 'update',
      data: { __entity_type__: 'User', id, resource_type: 'user', first_name: 'Bo' },
    });
    await one({
      action: 'update',
      entity_type: 'User',
      entity_key: [id],
      entity_data: { is_active: false },
    });
    expect(emu.snapshot().users.find((u) => u.username === 'bo')!.is_active).toBe(false);
    const clash = await failure([
      { action: 'update', entity_type: 'User', entity_key: id, entity_data: { username: 'ana' } },
    ]);
    expect(clash.exception).toBe('DuplicateEntryError');
  });

  it('opens and closes projects by updating is_private', async () => {
    const [project] = (await emu.call([
      { action: 'query', expression: 'select id from Project where name is beta' },
    ])) as { data: { id: string }[] }[];
    await one({
      action: 'update',
      entity_type: 'Project',
      entity_key: project!.data[0]!.id,
      entity_data: { is_private: true },
    });
    expect(emu.snapshot().projects.find((p) => p.name === 'beta')!.is_private).toBe(true);
  });

  it('deletes a user together with its roles and memberships', async () => {
    const [user] = (await emu.call([
      { action: 'query', expression: 'select id from User where username is ana' },
    ])) as { data: { id: string }[] }[];
    expect(
      await one({ action: 'delete', entity_type: 'User', entity_key: [user!.data[0]!.id] }),
    ).toEqual({ action: 'delete', data: true });
    const [left] = (await emu.call([
      {
        action: 'query',
        expression: `select id from UserSecurityRole where user_id is "${user!.data[0]!.id}"`,
      },
    ])) as { data: unknown[] }[];
    expect(left!.data).toEqual([]);
    expect(emu.snapshot().groups.every((g) => !g.members.includes('ana'))).toBe(true);
  });

  it('refuses to delete a role that users hold', async () => {
    const [role] = (await emu.call([
      { action: 'query', expression: 'select id from SecurityRole where name is Administrator' },
    ])) as { data: { id: string }[] }[];
    const error = await failure([
      { action: 'delete', entity_type: 'SecurityRole', entity_key: role!.data[0]!.id },
    ]);
    expect(error.content).toContain('is held by');
  });

  it('refuses writes by callers who are not Administrator on all open projects', async () => {
    const error = await failure(
      [{ action: 'create', entity_type: 'Project', entity_data: { name: 'delta' } }],
      'manager',
    );
    expect(error.exception).toBe('PermissionError');
  });
});
