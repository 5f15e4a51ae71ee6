import { afterEach, describe, expect, it } from 'vitest';
import { probeAddRoleScope, sendAdaptingToAddScope } from '../../../src/apply/add-role-scope.js';
import { ServerValidationError } from '../../../src/diagnostics/index.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../src/emulator/index.js';
import { ApiKey, openSession, type Session } from '../../../src/session/index.js';
import type { Operation } from '../../../src/wire/index.js';

const open: { emu: Emulator; session: Session }[] = [];
afterEach(async () => {
  for (const { emu, session } of open.splice(0)) {
    await session.close();
    await emu.stop();
  }
});

async function server(options: Partial<EmulatorOptions> = {}) {
  const emu = await startEmulator({
    seed: {
      security_roles: [
        { name: 'Administrator', type: 'PROJECT' },
        { name: 'User', type: 'PROJECT' },
      ],
      projects: [
        { name: 'alpha', is_private: false },
        { name: 'secret', is_private: true },
      ],
      users: [
        { username: 'svc', api_key: 'k', roles: { Administrator: 'all-open' } },
        { username: 'ana' },
      ],
    },
    ...options,
  });
  const session = openSession({ server: emu.url, apiUser: 'svc', apiKey: new ApiKey('k') });
  open.push({ emu, session });
  const idOf = async (type: string, where: string) => {
    const [answer] = (await emu.call([
      { action: 'query', expression: `select id from ${type} where ${where}` },
    ])) as { data: { id: string }[] }[];
    return answer!.data[0]!.id;
  };
  const ids = {
    user_id: await idOf('User', 'username is "ana"'),
    role_id: await idOf('SecurityRole', 'name is "User"'),
  };
  const alpha = await idOf('Project', 'name is "alpha"');
  const secret = await idOf('Project', 'name is "secret"');
  return { emu, session, ids, alpha, secret };
}

const roles = (emu: Emulator) => emu.snapshot().users.find((u) => u.username === 'ana')?.roles;

describe('probeAddRoleScope', () => {
  for (const scope of ['none', 'all-open'] as const) {
    it(`finds what an added role starts with (${scope}) and changes nothing`, async () => {
      const s = await server({ addRoleScope: scope });
      const ops: Operation[] = [{ action: 'add_user_security_role', ...s.ids }];
      expect(await probeAddRoleScope(s.session, ops)).toBe(scope);
      expect(roles(s.emu)).toEqual({});
    });
  }

  it('has nothing to find out when the operations add no role', async () => {
    const s = await server();
    s.emu.resetCounters();
    expect(await probeAddRoleScope(s.session, [])).toBeUndefined();
    expect(s.emu.requestCount()).toBe(0);
  });
});

describe('sendAdaptingToAddScope', () => {
  const privateOnly = (s: Awaited<ReturnType<typeof server>>): Operation[] => [
    { action: 'add_user_security_role', ...s.ids },
    { action: 'grant_user_security_role_project', ...s.ids, project_id: s.secret },
  ];

  it('sends once, guarded, where added roles start without projects', async () => {
    const s = await server({ addRoleScope: 'none' });
    s.emu.resetCounters();
    const sent = await sendAdaptingToAddScope(s.session, privateOnly(s), new Set([s.alpha]));
    expect(sent.addRoleScope).toBe('none');
    expect(s.emu.requestCount()).toBe(1);
    expect(roles(s.emu)).toEqual({ User: { all_open: false, projects: ['secret'] } });
  });

  it('where added roles start on all open projects: refused whole, probed, sent again adapted', async () => {
    const s = await server({ addRoleScope: 'all-open' });
    s.emu.resetCounters();
    const sent = await sendAdaptingToAddScope(s.session, privateOnly(s), new Set([s.alpha]));
    expect(sent.addRoleScope).toBe('all-open');
    // the guarded call (refused), the probe, the adapted call
    expect(s.emu.requestCount()).toBe(3);
    // without the guard the first call would have left the role on all open projects
    expect(roles(s.emu)).toEqual({ User: { all_open: false, projects: ['secret'] } });
  });

  it('any other refusal is the refusal itself, and nothing is sent again', async () => {
    const s = await server({ addRoleScope: 'none' });
    const ops: Operation[] = [
      ...privateOnly(s),
      // not held: a strict server refuses the call
      { action: 'revoke_user_security_role_project', ...s.ids, project_id: s.alpha },
    ];
    s.emu.resetCounters();
    await expect(sendAdaptingToAddScope(s.session, ops, new Set([s.alpha]))).rejects.toThrow(
      ServerValidationError,
    );
    // the call, then the probe (which says added roles start without projects)
    expect(s.emu.requestCount()).toBe(2);
    expect(roles(s.emu)).toEqual({});
  });
});
