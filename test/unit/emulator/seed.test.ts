import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmulatorSetupError, prepareState, startEmulator } from '../../../src/emulator/index.js';
import { takeSnapshot } from '../../../src/emulator/snapshot.js';

const studioSeed = join(import.meta.dirname, '../../../examples/studio/seed.yaml');

function seedError(seed: unknown): string {
  try {
    prepareState({ seed: seed as never });
  } catch (error) {
    expect(error).toBeInstanceOf(EmulatorSetupError);
    return (error as Error).message;
  }
  throw new Error('expected the seed to be refused');
}

describe('seed', () => {
  it('loads the example studio with its planned differences', () => {
    const snapshot = takeSnapshot(prepareState({ seedFile: studioSeed }));
    const user = (name: string) => snapshot.users.find((u) => u.username === name)!;
    expect(snapshot.users).toHaveLength(22);
    expect(snapshot.security_roles).toHaveLength(9);
    expect(snapshot.projects.filter((p) => p.is_private).map((p) => p.name)).toEqual(['falcon']);
    expect(user('bo').roles).toEqual({});
    expect(user('chen').roles).toEqual({ User: { all_open: false, projects: ['nebula'] } });
    expect(user('hana').roles['Reviewer']).toEqual({ all_open: true, projects: [] });
    expect(user('pat').roles['Legacy Editor']).toEqual({ all_open: true, projects: [] });
    expect(user('kim').roles['Project Manager']).toEqual({ all_open: false, projects: ['ember'] });
    expect(user('jules').roles).toEqual({
      'Restricted User': { all_open: false, projects: ['nebula'] },
    });
    expect(user('zoe')).toEqual({
      username: 'zoe',
      is_active: false,
      roles: { User: { all_open: false, projects: ['harbor'] } },
    });
    expect(snapshot.groups).toEqual([
      { name: 'Compositing', parent: null, members: ['dara', 'eli', 'fatima', 'goran'] },
      { name: 'Lighting', parent: null, members: ['ana', 'bo', 'chen'] },
    ]);
  });

  it('gives seeded entities the same ids on every start', () => {
    const ids = () =>
      prepareState({ seedFile: studioSeed }).queries.run('select id from User order by username', {
        strict: true,
      }).data;
    expect(ids()).toEqual(ids());
  });

  it('reads JSON seeds too and lets the demo key authenticate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-seed-'));
    const file = join(dir, 'seed.json');
    writeFileSync(file, JSON.stringify({ users: [{ username: 'x', api_key: 'k' }] }));
    const emu = await startEmulator({ seedFile: file });
    expect(emu.snapshot().users.map((u) => u.username)).toEqual(['x']);
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [{ roles: [] }, 'unknown section "roles"'],
    [{ users: {} }, '"users" must be a list'],
    [{ users: [{ username: 'a', password: 'x' }] }, 'users[0] (a): unknown key "password"'],
    [{ users: [{ username: '' }] }, 'users[0]: "username" must be a non-empty string'],
    [{ users: [{ username: 'a' }, { username: 'a' }] }, 'users[1] (a): duplicate username'],
    [
      { users: [{ username: 'a' }, { username: 'svc', type: 'robot' }] },
      'users[1] (svc): "type" must be user, service or demo, not "robot"',
    ],
    [{ users: [{ username: 'a', type: 'Service' }] }, 'users[0] (a): "type" must be user'],
    [{ users: [{ username: 'a', type: null }] }, 'users[0] (a): "type" must be user'],
    [
      { users: [{ username: 'a', roles: { Boss: 'all-open' } }] },
      'users[0] (a): roles.Boss: unknown security role "Boss"',
    ],
    [
      {
        security_roles: [{ name: 'R', type: 'PROJECT' }],
        users: [{ username: 'a', roles: { R: ['nowhere'] } }],
      },
      'roles.R: unknown project "nowhere"',
    ],
    [
      {
        security_roles: [{ name: 'R', type: 'PROJECT' }],
        users: [{ username: 'a', roles: { R: 'everything' } }],
      },
      'a scope is "all-open"',
    ],
    [
      {
        security_roles: [{ name: 'K', type: 'API' }],
        users: [{ username: 'a', roles: { K: 'all-open' } }],
      },
      'type API cannot be given',
    ],
    [
      {
        security_roles: [{ name: 'R', type: 'ASSIGNED' }],
        projects: [{ name: 'p', is_private: true }],
        users: [{ username: 'a', roles: { R: ['p'] } }],
      },
      'ASSIGNED cannot be granted on the private project "p"',
    ],
    [{ security_roles: [{ name: 'R', type: 'BOSS' }] }, 'security_roles[0] (R): "type" must be'],
    [{ projects: [{ name: 'p' }, { name: 'p' }] }, 'projects[1] (p): duplicate project name'],
    [{ groups: [{ name: 'g', members: ['ghost'] }] }, 'groups[0] (g): unknown member "ghost"'],
    [{ groups: [{ name: 'g', parent: 'nope' }] }, 'unknown parent group "nope"'],
    [
      {
        groups: [
          { name: 'a', parent: 'b' },
          { name: 'b', parent: 'a' },
        ],
      },
      'the parent chain is a cycle',
    ],
  ])('refuses %j naming the entry', (seed, fragment) => {
    expect(seedError(seed)).toContain(fragment);
  });

  it('reports every problem at once', () => {
    const message = seedError({
      users: [{ username: 'a', roles: { X: 'all-open', Y: 'all-open' } }],
    });
    expect(message).toContain('"X"');
    expect(message).toContain('"Y"');
  });

  it('reports an unknown user type together with the other problems of the seed', () => {
    const message = seedError({
      users: [
        { username: 'a', type: 'robot', roles: { X: 'all-open' } },
        { username: 'b', type: 'bot' },
      ],
    });
    expect(message).toContain('users[0] (a): "type" must be user, service or demo, not "robot"');
    expect(message).toContain('users[0] (a): roles.X: unknown security role "X"');
    expect(message).toContain('users[1] (b): "type" must be user, service or demo, not "bot"');
  });

  it('gives each seeded user the UserType of its "type" (default user)', () => {
    const state = prepareState({
      seed: {
        users: [
          { username: 'svc', type: 'service' },
          { username: 'dan', type: 'demo' },
          { username: 'ana', type: 'user' },
          { username: 'bo' },
        ],
      },
    });
    const rows = state.queries.run('select username, user_type_id from User order by username', {
      strict: true,
    }).data;
    expect(rows.map((r) => [r['username'], r['user_type_id']])).toEqual([
      ['ana', 'ac9fa5aa-4361-11e0-b7cc-0019bb4983d8'],
      ['bo', 'ac9fa5aa-4361-11e0-b7cc-0019bb4983d8'],
      ['dan', '097980f8-9fd9-5379-8ca8-ddf5d8568900'],
      ['svc', '6f35e714-d0f1-51f6-bcda-31b3e0556b7c'],
    ]);
    expect(takeSnapshot(state).users.map((u) => u.type)).toEqual([
      undefined,
      undefined,
      'demo',
      'service',
    ]);
  });
});
