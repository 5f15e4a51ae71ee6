import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorError, startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { smallSeed } from './helpers.js';

let emu: Emulator;
let ids: {
  user: Record<string, string>;
  role: Record<string, string>;
  project: Record<string, string>;
};

async function loadIds(): Promise<typeof ids> {
  const [users, roles, projects] = (await emu.call([
    { action: 'query', expression: 'select id, username from User' },
    { action: 'query', expression: 'select id, name from SecurityRole' },
    { action: 'query', expression: 'select id, name from Project' },
  ])) as { data: Record<string, string>[] }[];
  const map = (rows: Record<string, string>[], key: string) =>
    Object.fromEntries(rows.map((r) => [r[key]!, r['id']!]));
  return {
    user: map(users!.data, 'username'),
    role: map(roles!.data, 'name'),
    project: map(projects!.data, 'name'),
  };
}

/** Runs one security-role action as `admin`; returns the thrown EmulatorError, if any. */
async function act(action: string, params: Record<string, unknown>, asUser = 'admin') {
  try {
    return { result: await emu.call([{ action, ...params }], { asUser }) };
  } catch (error) {
    if (error instanceof EmulatorError) return { error };
    throw error;
  }
}

const roles = (username: string) =>
  emu.snapshot().users.find((u) => u.username === username)!.roles;

beforeEach(async () => {
  await emu?.stop();
  emu = await startEmulator({ seed: smallSeed() });
  ids = await loadIds();
});
afterAll(async () => emu.stop());

const p = (user: string, role: string, extra: Record<string, unknown> = {}) => ({
  user_id: ids.user[user],
  role_id: ids.role[role],
  ...extra,
});

describe('add_user_security_role', () => {
  it('creates the role with no project scope', async () => {
    const { result } = await act('add_user_security_role', p('bo', 'Supervisor'));
    expect(result).toEqual([{ action: 'add_user_security_role', data: true }]);
    expect(roles('bo')['Supervisor']).toEqual({ all_open: false, projects: [] });
  });
  it('fails with DuplicateEntryError when the role is already held', async () => {
    const { error } = await act('add_user_security_role', p('bo', 'User'));
    expect(error?.exception).toBe('DuplicateEntryError');
    expect(error?.content).toContain('already holds');
  });
  it('refuses a role of type API', async () => {
    const { error } = await act('add_user_security_role', p('bo', 'API'));
    expect(error?.exception).toBe('ValidationError');
  });
  it('refuses unknown users and roles', async () => {
    expect(
      (await act('add_user_security_role', { user_id: 'nope', role_id: ids.role['User'] })).error
        ?.content,
    ).toContain('No User');
    expect(
      (await act('add_user_security_role', { user_id: ids.user['bo'], role_id: 'nope' })).error
        ?.content,
    ).toContain('No SecurityRole');
  });
  it('refuses missing and unknown parameters', async () => {
    expect(
      (await act('add_user_security_role', { user_id: ids.user['bo'] })).error?.content,
    ).toContain('"role_id"');
    const { error } = await act('add_user_security_role', {
      user_id: ids.user['bo'],
      security_role_id: ids.role['Supervisor'],
    });
    expect(error?.content).toContain('Unknown parameter "security_role_id"');
  });
});

describe('remove_user_security_role', () => {
  it('removes the role and its project grants', async () => {
    await act('remove_user_security_role', p('ana', 'Supervisor'));
    expect(roles('ana')['Supervisor']).toBeUndefined();
    const [grants] = (await emu.call([
      {
        action: 'query',
        expression: 'select id from UserSecurityRoleProject where project.name is secret',
      },
    ])) as { data: unknown[] }[];
    expect(grants!.data).toEqual([]);
  });
  it('fails when the role is not held', async () => {
    const { error } = await act('remove_user_security_role', p('bo', 'Supervisor'));
    expect(error?.exception).toBe('ValidationError');
    expect(error?.content).toContain('does not hold');
  });
});

describe('grant_user_security_role_project', () => {
  it('grants one project', async () => {
    await act(
      'grant_user_security_role_project',
      p('ana', 'User', { project_id: ids.project['beta'] }),
    );
    expect(roles('ana')['User']).toEqual({ all_open: false, projects: ['alpha', 'beta'] });
  });
  it('grants all open projects', async () => {
    await act('grant_user_security_role_project', p('ana', 'User', { all_open_projects: true }));
    expect(roles('ana')['User']).toEqual({ all_open: true, projects: ['alpha'] });
  });
  it('fails when the role is not held', async () => {
    const { error } = await act(
      'grant_user_security_role_project',
      p('bo', 'Supervisor', { project_id: ids.project['alpha'] }),
    );
    expect(error?.content).toContain('does not hold');
  });
  it('fails when the project is already granted', async () => {
    const { error } = await act(
      'grant_user_security_role_project',
      p('ana', 'User', { project_id: ids.project['alpha'] }),
    );
    expect(error?.exception).toBe('DuplicateEntryError');
  });
  it('fails when all-open is already on', async () => {
    const { error } = await act(
      'grant_user_security_role_project',
      p('bo', 'User', { all_open_projects: true }),
    );
    expect(error?.exception).toBe('ValidationError');
    expect(error?.content).toContain('already granted on all open projects');
  });
  it('fails for an open project while the role is on all open projects', async () => {
    const { error } = await act(
      'grant_user_security_role_project',
      p('bo', 'User', { project_id: ids.project['alpha'] }),
    );
    expect(error?.content).toContain('includes the open project');
  });
  it('allows a private project while the role is on all open projects', async () => {
    await act(
      'grant_user_security_role_project',
      p('bo', 'User', { project_id: ids.project['secret'] }),
    );
    expect(roles('bo')['User']).toEqual({ all_open: true, projects: ['secret'] });
  });
  it('refuses an ASSIGNED role on a private project', async () => {
    await act('add_user_security_role', p('bo', 'Restricted User'));
    const { error } = await act(
      'grant_user_security_role_project',
      p('bo', 'Restricted User', { project_id: ids.project['secret'] }),
    );
    expect(error?.content).toContain('ASSIGNED');
  });
  it('needs exactly one of project_id and all_open_projects', async () => {
    expect(
      (await act('grant_user_security_role_project', p('ana', 'User'))).error?.content,
    ).toContain('Give "project_id"');
    expect(
      (
        await act(
          'grant_user_security_role_project',
          p('ana', 'User', { project_id: ids.project['beta'], all_open_projects: true }),
        )
      ).error?.content,
    ).toContain('not both');
    expect(
      (
        await act(
          'grant_user_security_role_project',
          p('ana', 'User', { all_open_projects: 'yes' }),
        )
      ).error?.content,
    ).toContain('boolean');
    expect(
      (await act('grant_user_security_role_project', p('ana', 'User', { project_id: 'nope' })))
        .error?.content,
    ).toContain('No Project');
  });
});

describe('revoke_user_security_role_project', () => {
  it('revokes one project', async () => {
    await act(
      'revoke_user_security_role_project',
      p('ana', 'Supervisor', { project_id: ids.project['secret'] }),
    );
    expect(roles('ana')['Supervisor']).toEqual({ all_open: true, projects: [] });
  });
  it('revokes all open projects and keeps project grants', async () => {
    await act(
      'revoke_user_security_role_project',
      p('ana', 'Supervisor', { all_open_projects: true }),
    );
    expect(roles('ana')['Supervisor']).toEqual({ all_open: false, projects: ['secret'] });
  });
  it('fails when the project is not granted', async () => {
    const { error } = await act(
      'revoke_user_security_role_project',
      p('ana', 'User', { project_id: ids.project['beta'] }),
    );
    expect(error?.content).toContain('is not granted on the project');
  });
  it('fails when all-open is already off', async () => {
    const { error } = await act(
      'revoke_user_security_role_project',
      p('ana', 'User', { all_open_projects: true }),
    );
    expect(error?.content).toContain('is not granted on all open projects');
  });
  it('fails when the role is not held', async () => {
    const { error } = await act(
      'revoke_user_security_role_project',
      p('bo', 'Supervisor', { all_open_projects: true }),
    );
    expect(error?.content).toContain('does not hold');
  });
});

describe('update_user_security_role', () => {
  it('replaces the role and keeps its scope', async () => {
    await act(
      'update_user_security_role',
      p('ana', 'Supervisor', { new_role_id: ids.role['Administrator'] }),
    );
    const after = roles('ana');
    expect(after['Supervisor']).toBeUndefined();
    expect(after['Administrator']).toEqual({ all_open: true, projects: ['secret'] });
  });
  it('fails when the old role is not held', async () => {
    const { error } = await act(
      'update_user_security_role',
      p('bo', 'Supervisor', { new_role_id: ids.role['Administrator'] }),
    );
    expect(error?.content).toContain('does not hold');
  });
  it('fails when the new role is already held', async () => {
    const { error } = await act(
      'update_user_security_role',
      p('ana', 'Supervisor', { new_role_id: ids.role['User'] }),
    );
    expect(error?.exception).toBe('DuplicateEntryError');
  });
  it('refuses an ASSIGNED new role that would reach a private project', async () => {
    const { error } = await act(
      'update_user_security_role',
      p('ana', 'Supervisor', { new_role_id: ids.role['Restricted User'] }),
    );
    expect(error?.content).toContain('ASSIGNED');
  });
  it('needs new_role_id', async () => {
    expect(
      (await act('update_user_security_role', p('ana', 'Supervisor'))).error?.content,
    ).toContain('"new_role_id"');
  });
});

describe('permissions and unknown actions', () => {
  it('refuses callers without Administrator on all open projects', async () => {
    const { error } = await act('add_user_security_role', p('bo', 'Supervisor'), 'manager');
    expect(error?.exception).toBe('PermissionError');
    expect(roles('bo')['Supervisor']).toBeUndefined();
  });
  it('checks permissions with the state the batch has reached', async () => {
    const operations = [
      {
        action: 'revoke_user_security_role_project',
        ...p('admin', 'Administrator', { all_open_projects: true }),
      },
      { action: 'add_user_security_role', ...p('bo', 'Supervisor') },
    ];
    await expect(emu.call(operations, { asUser: 'admin' })).rejects.toMatchObject({
      exception: 'PermissionError',
    });
    expect(roles('admin')['Administrator']).toEqual({ all_open: true, projects: [] });
  });
  it('answers unknown actions (also the old revoke_user_security_role) with Invalid action', async () => {
    const { error } = await act('revoke_user_security_role', p('ana', 'User'));
    expect(error?.content).toBe("Invalid action 'revoke_user_security_role'");
  });
});
