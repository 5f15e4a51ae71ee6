import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorSetupError, startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { post, smallSeed } from './helpers.js';

const USER_TYPE_ID = 'ac9fa5aa-4361-11e0-b7cc-0019bb4983d8';
const DEMO_ID = '097980f8-9fd9-5379-8ca8-ddf5d8568900';

let dir: string;
let stateFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-state-'));
  stateFile = join(dir, 'state.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('state file', () => {
  it('survives a restart with every committed change, and ignores the seed then', async () => {
    const first = await startEmulator({ seed: smallSeed(), stateFile });
    await post(first.url, [
      {
        action: 'create',
        entity_type: 'Project',
        entity_data: { name: 'gamma', is_private: true },
      },
    ]);
    const snapshot = first.snapshot();
    await first.stop();
    const second = await startEmulator({ seed: { projects: [{ name: 'other' }] }, stateFile });
    expect(second.snapshot()).toEqual(snapshot);
    expect((await post(second.url, [])).json).toEqual([]);
    await second.stop();
  });

  it('keeps the user types of users across a restart', async () => {
    const seed = smallSeed();
    seed.users!.push({ username: 'svc', type: 'service' }, { username: 'dan', type: 'demo' });
    const first = await startEmulator({ seed, stateFile });
    const typesOf = async (emu: Emulator) => {
      const [result] = await emu.call([
        { action: 'query', expression: 'select username, user_type.name from User' },
      ]);
      const rows = (result as { data: { username: string; user_type: { name: string } }[] }).data;
      return Object.fromEntries(rows.map((r) => [r.username, r.user_type.name]));
    };
    const bo = (await first.call([
      { action: 'query', expression: 'select id from User where username is bo' },
    ])) as { data: { id: string }[] }[];
    await post(first.url, [
      {
        action: 'update',
        entity_type: 'User',
        entity_key: bo[0]!.data[0]!.id,
        entity_data: { user_type_id: DEMO_ID },
      },
    ]);
    const before = await typesOf(first);
    expect(before).toMatchObject({ svc: 'service', dan: 'demo', bo: 'demo', ana: 'user' });
    const snapshot = first.snapshot();
    await first.stop();
    expect(readFileSync(stateFile, 'utf8')).toContain(`"user_type_id":"${DEMO_ID}"`);
    const second = await startEmulator({ stateFile });
    expect(await typesOf(second)).toEqual(before);
    expect(second.snapshot()).toEqual(snapshot);
    await second.stop();
  });

  it('loads a state file that holds only the "user" UserType row (as written before)', async () => {
    const user = { id: 'u', username: 'svc', is_active: true, user_type_id: USER_TYPE_ID };
    writeFileSync(
      stateFile,
      JSON.stringify({
        format: 'ftrack-roles-emulator-state',
        version: 1,
        tables: { UserType: [{ id: USER_TYPE_ID, name: 'user' }], User: [user] },
        api_key_sha256: {},
      }),
    );
    const emu = await startEmulator({ stateFile });
    const [result] = await emu.call([
      { action: 'query', expression: 'select name from UserType order by name' },
    ]);
    expect((result as { data: { name: string }[] }).data.map((r) => r.name)).toEqual([
      'demo',
      'service',
      'user',
    ]);
    await emu.stop();
  });

  it('creates the folder of a new state file', async () => {
    const nested = join(dir, 'a', 'b', 'state.json');
    const emu = await startEmulator({ seed: smallSeed(), stateFile: nested });
    await emu.stop();
    expect(readFileSync(nested, 'utf8')).toContain('ftrack-roles-emulator-state');
  });

  it('never writes an API key, only its digest, and leaves no temporary files', async () => {
    const emu = await startEmulator({ seed: smallSeed(), stateFile });
    await post(emu.url, [
      { action: 'create', entity_type: 'Project', entity_data: { name: 'gamma' } },
    ]);
    await emu.stop();
    const text = readFileSync(stateFile, 'utf8');
    expect(text).not.toContain('admin-key');
    expect(text).toContain('api_key_sha256');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('does not persist a call that failed', async () => {
    const emu = await startEmulator({ seed: smallSeed(), stateFile });
    const before = readFileSync(stateFile, 'utf8');
    const response = await post(emu.url, [
      { action: 'create', entity_type: 'Project', entity_data: { name: 'gamma' } },
      { action: 'create', entity_type: 'Project', entity_data: { name: 'alpha' } },
    ]);
    expect(response.json).toMatchObject({ exception: 'DuplicateEntryError' });
    expect(readFileSync(stateFile, 'utf8')).toBe(before);
    await emu.stop();
  });

  it.each([
    ['not JSON', '{"format": '],
    ['another format', '{"format": "something", "version": 1, "tables": {}}'],
    ['a newer version', '{"format": "ftrack-roles-emulator-state", "version": 9, "tables": {}}'],
    [
      'an unknown table',
      '{"format": "ftrack-roles-emulator-state", "version": 1, "tables": {"Task": []}}',
    ],
    [
      'a UserType that is not built in',
      '{"format": "ftrack-roles-emulator-state", "version": 1, "tables": {"UserType": [{"id": "x", "name": "robot"}]}}',
    ],
    [
      'a renamed built-in UserType',
      `{"format": "ftrack-roles-emulator-state", "version": 1, "tables": {"UserType": [{"id": "${DEMO_ID}", "name": "robot"}]}}`,
    ],
    [
      'a user of an unknown UserType',
      '{"format": "ftrack-roles-emulator-state", "version": 1, "tables": {"User": [{"id": "u", "username": "a", "user_type_id": "x"}]}}',
    ],
    [
      'a dangling reference',
      '{"format": "ftrack-roles-emulator-state", "version": 1, "tables": {"Membership": [{"id": "m", "user_id": "u", "group_id": "g"}]}}',
    ],
  ])('refuses a corrupt state file (%s) and leaves it unchanged', async (_label, content) => {
    writeFileSync(stateFile, content);
    await expect(startEmulator({ seed: smallSeed(), stateFile })).rejects.toThrow(
      EmulatorSetupError,
    );
    await expect(startEmulator({ stateFile })).rejects.toThrow(/state file .* is corrupt/);
    expect(readFileSync(stateFile, 'utf8')).toBe(content);
  });
});
