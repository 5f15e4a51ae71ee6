/**
 * Contract: the official @ftrack/api client, unchanged, against the emulator. If this
 * passes, the emulator speaks the wire format the official client expects.
 */
import { error as ftrackError, Session } from '@ftrack/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { smallSeed } from '../unit/emulator/helpers.js';

interface Grant {
  id: string;
  is_all_open_projects: boolean;
  security_role_id: string;
  user_security_role_projects: { project_id: string }[];
}

const CONFIGURATIONS = [
  { name: 'default options', options: {} },
  {
    name: 'strictApi + ensureSerializableResponse',
    options: { strictApi: true, ensureSerializableResponse: true },
  },
];

describe.each(CONFIGURATIONS)('@ftrack/api with $name', ({ options }) => {
  let emu: Emulator;
  let session: Session;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    emu = await startEmulator({ seed: smallSeed() });
    session = new Session(emu.url, 'admin', 'admin-key', {
      autoConnectEventHub: false,
      ...options,
    });
    await session.initializing;
    const users = await session.query('select id, username from User');
    const roles = await session.query('select id, name from SecurityRole');
    const projects = await session.query('select id, name from Project');
    for (const row of [...users.data, ...roles.data, ...projects.data]) {
      id[(row['username'] ?? row['name']) as string] = row['id'] as string;
    }
  });
  afterAll(async () => emu.stop());

  async function grantsOf(
    username: string,
  ): Promise<Record<string, { all_open: boolean; projects: string[] }>> {
    const result = await session.query(
      `select id, is_all_open_projects, security_role_id, user_security_role_projects.project_id from UserSecurityRole where user_id is "${id[username]}"`,
    );
    const roleName = (roleId: string) => Object.keys(id).find((k) => id[k] === roleId)!;
    const projectName = roleName;
    return Object.fromEntries(
      (result.data as unknown as Grant[]).map((g) => [
        roleName(g.security_role_id),
        {
          all_open: g.is_all_open_projects,
          projects: g.user_security_role_projects.map((p) => projectName(p.project_id)).sort(),
        },
      ]),
    );
  }

  it('initialises with the server information and every schema', () => {
    expect(session.serverInformation?.schema_hash).toBe('23a1157b8b1730fd91c76f63dcd67a8f');
    expect(session.serverVersion).toBe('dev');
    expect(session.schemas?.length).toBe(116);
  });

  it('queries with paging metadata and nested relationships', async () => {
    const page = await session.query('select id, username from User order by username limit 2');
    expect((page.data as { username: string }[]).map((u) => u.username)).toEqual(['admin', 'ana']);
    expect(page.metadata.next.offset).toBe(2);
    const nested = await session.query(
      'select username, user_security_roles.security_role.name, user_security_roles.user.username from User where username is ana',
    );
    const ana = nested.data[0]!;
    const names = (ana['user_security_roles'] as { security_role: { name: string } }[]).map(
      (r) => r.security_role.name,
    );
    expect(names.sort()).toEqual(['Supervisor', 'User']);
  });

  it('runs every security-role action through session.call and reads the result back', async () => {
    const base = { user_id: id['bo'], role_id: id['Supervisor'] };
    await session.call([{ action: 'add_user_security_role', ...base }]);
    expect((await grantsOf('bo'))['Supervisor']).toEqual({ all_open: false, projects: [] });
    await session.call([
      { action: 'grant_user_security_role_project', ...base, project_id: id['secret'] },
    ]);
    await session.call([
      { action: 'grant_user_security_role_project', ...base, all_open_projects: true },
    ]);
    expect((await grantsOf('bo'))['Supervisor']).toEqual({ all_open: true, projects: ['secret'] });
    await session.call([
      { action: 'revoke_user_security_role_project', ...base, project_id: id['secret'] },
      { action: 'revoke_user_security_role_project', ...base, all_open_projects: true },
    ]);
    expect((await grantsOf('bo'))['Supervisor']).toEqual({ all_open: false, projects: [] });
    await session.call([
      { action: 'update_user_security_role', ...base, new_role_id: id['Restricted User'] },
    ]);
    const afterUpdate = await grantsOf('bo');
    expect(afterUpdate['Supervisor']).toBeUndefined();
    expect(afterUpdate['Restricted User']).toEqual({ all_open: false, projects: [] });
    await session.call([
      {
        action: 'remove_user_security_role',
        user_id: id['bo'],
        role_id: id['Restricted User'],
      },
    ]);
    expect(await grantsOf('bo')).toEqual({ User: { all_open: true, projects: [] } });
  });

  it('maps server errors to the client error classes', async () => {
    const duplicate = session.call([
      { action: 'add_user_security_role', user_id: id['bo'], role_id: id['User'] },
    ]);
    await expect(duplicate).rejects.toMatchObject({ name: 'ServerError' });
    const invalid = session.call([
      {
        action: 'remove_user_security_role',
        user_id: id['bo'],
        role_id: id['Supervisor'],
      },
    ]);
    await expect(invalid).rejects.toBeInstanceOf(ftrackError.ServerValidationError);
    const manager = new Session(emu.url, 'manager', 'manager-key', {
      autoConnectEventHub: false,
      ...options,
    });
    await manager.initializing;
    const denied = manager.call([
      { action: 'add_user_security_role', user_id: id['bo'], role_id: id['Supervisor'] },
    ]);
    await expect(denied).rejects.toBeInstanceOf(ftrackError.ServerPermissionDeniedError);
  });

  it('creates, updates and deletes through the session helpers', async () => {
    const created = await session.create('Project', { name: 'contract', full_name: 'Contract' });
    const projectId = created.data['id'] as string;
    await session.update('Project', [projectId], { is_private: true });
    expect(emu.snapshot().projects.find((p) => p.name === 'contract')?.is_private).toBe(true);
    await session.delete('Project', [projectId]);
    expect(emu.snapshot().projects.some((p) => p.name === 'contract')).toBe(false);
  });

  it('rejects initializing for a bad API key', async () => {
    const bad = new Session(emu.url, 'admin', 'not-the-key', {
      autoConnectEventHub: false,
      ...options,
    });
    await expect(bad.initializing).rejects.toMatchObject({ errorCode: 'api_credentials_invalid' });
  });
});
