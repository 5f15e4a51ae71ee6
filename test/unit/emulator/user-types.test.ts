import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_TYPE_IDS } from '../../../src/emulator/entities.js';
import {
  EmulatorError,
  startEmulator,
  type Emulator,
  type EmulatorSeed,
} from '../../../src/emulator/index.js';
import { stableId } from '../../../src/emulator/state.js';
import { post } from './helpers.js';

const USER_ID = 'ac9fa5aa-4361-11e0-b7cc-0019bb4983d8';
const SERVICE_ID = '6f35e714-d0f1-51f6-bcda-31b3e0556b7c';
const DEMO_ID = '097980f8-9fd9-5379-8ca8-ddf5d8568900';

const seed: EmulatorSeed = {
  security_roles: [{ name: 'Administrator', type: 'PROJECT' }],
  users: [
    { username: 'admin', api_key: 'admin-key', roles: { Administrator: 'all-open' } },
    { username: 'svc-access', type: 'service' },
    { username: 'svc-sync', type: 'service', is_active: false },
    { username: 'dan', type: 'demo' },
    { username: 'ana', type: 'user' },
  ],
};

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ seed });
});
afterAll(async () => emu.stop());

async function query(expression: string): Promise<Record<string, unknown>[]> {
  const [result] = await emu.call([{ action: 'query', expression }]);
  return (result as { data: Record<string, unknown>[] }).data;
}

async function failure(operation: unknown): Promise<EmulatorError> {
  try {
    await emu.call([operation], { asUser: 'admin' });
  } catch (error) {
    if (error instanceof EmulatorError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const userType = (id: string, name: string) => ({ __entity_type__: 'UserType', id, name });

describe('user types', () => {
  it('stores the three fixed UserType rows', async () => {
    expect(await query('select id, name from UserType order by name')).toEqual([
      userType(DEMO_ID, 'demo'),
      userType(SERVICE_ID, 'service'),
      userType(USER_ID, 'user'),
    ]);
  });

  it('derives the ids of service and demo as the seed derives ids, and keeps them', () => {
    expect(USER_TYPE_IDS).toEqual({ user: USER_ID, service: SERVICE_ID, demo: DEMO_ID });
    expect(stableId('UserType', 'service')).toBe(SERVICE_ID);
    expect(stableId('UserType', 'demo')).toBe(DEMO_ID);
  });

  it('answers user_type.name as a nested UserType, like security_role.name', async () => {
    const rows = await query(
      'select id, username, is_active, user_type.name from User where username in (svc-access, ana) order by username',
    );
    expect(rows).toEqual([
      {
        __entity_type__: 'User',
        id: stableId('User', 'ana'),
        resource_type: 'user',
        username: 'ana',
        is_active: true,
        user_type: userType(USER_ID, 'user'),
      },
      {
        __entity_type__: 'User',
        id: stableId('User', 'svc-access'),
        resource_type: 'user',
        username: 'svc-access',
        is_active: true,
        user_type: userType(SERVICE_ID, 'service'),
      },
    ]);
  });

  it('normalises repeated user types over HTTP, and sends them whole when denormalised', async () => {
    const body = [
      {
        action: 'query',
        expression:
          'select username, user_type.name from User where user_type.name is service order by username',
      },
    ];
    const types = (json: unknown) =>
      (json as { data: { user_type: unknown }[] }[])[0]!.data.map((u) => u.user_type);
    const normalised = await post(emu.url, body);
    expect(types(normalised.json)).toEqual([
      userType(SERVICE_ID, 'service'),
      { __entity_type__: 'UserType', id: SERVICE_ID },
    ]);
    const plain = await post(emu.url, body, { 'ftrack-api-options': 'strict:1;denormalize:1' });
    expect(types(plain.json)).toEqual([
      userType(SERVICE_ID, 'service'),
      userType(SERVICE_ID, 'service'),
    ]);
  });

  it.each([
    ['user_type.name is "service"', ['svc-access', 'svc-sync']],
    ['user_type.name is demo', ['dan']],
    ['user_type.name is_not "user"', ['dan', 'svc-access', 'svc-sync']],
    ['user_type.name is "user"', ['admin', 'ana']],
    ['user_type.name is service and is_active is true', ['svc-access']],
    ['user_type has (name in (demo, service))', ['dan', 'svc-access', 'svc-sync']],
    [`user_type_id is "${DEMO_ID}"`, ['dan']],
  ])('filters users where %s', async (criteria, usernames) => {
    const rows = await query(`select username from User where ${criteria} order by username`);
    expect(rows.map((r) => r['username'])).toEqual(usernames);
  });

  it('shows the type of users that are not plain users in the snapshot', () => {
    const types = Object.fromEntries(emu.snapshot().users.map((u) => [u.username, u.type]));
    expect(types).toEqual({
      admin: undefined,
      ana: undefined,
      dan: 'demo',
      'svc-access': 'service',
      'svc-sync': 'service',
    });
  });

  it.each([
    { action: 'create', entity_type: 'UserType', entity_data: { name: 'robot' } },
    {
      action: 'update',
      entity_type: 'UserType',
      entity_key: SERVICE_ID,
      entity_data: { name: 'robot' },
    },
    { action: 'delete', entity_type: 'UserType', entity_key: DEMO_ID },
  ])('keeps the UserType rows read-only ($action)', async (operation) => {
    const error = await failure(operation);
    expect(error.exception).toBe('ValidationError');
    expect(error.content).toContain('does not support');
    expect(await query('select name from UserType')).toHaveLength(3);
  });

  it('lets a client change the type of a user to a known one only', async () => {
    const ana = stableId('User', 'ana');
    await emu.call(
      [
        {
          action: 'update',
          entity_type: 'User',
          entity_key: ana,
          entity_data: { user_type: { __entity_type__: 'UserType', id: DEMO_ID } },
        },
      ],
      { asUser: 'admin' },
    );
    expect(emu.snapshot().users.find((u) => u.username === 'ana')!.type).toBe('demo');
    const error = await failure({
      action: 'update',
      entity_type: 'User',
      entity_key: ana,
      entity_data: { user_type_id: 'no-such-type' },
    });
    expect(error.content).toContain('no UserType with id "no-such-type"');
  });
});
