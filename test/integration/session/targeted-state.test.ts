import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchCurrentState,
  fetchTargetedState,
  restrictState,
  type CurrentState,
} from '../../../src/current/index.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import type { Session } from '../../../src/session/index.js';
import { ADMIN_KEY, studioSeed } from './helpers/seed.js';
import { testSession } from './helpers/session.js';

/**
 * The targeted read (src/current/fetch-targeted-state.ts) against the emulator: the same
 * rows as the whole snapshot restricted to the users asked for and the holders found,
 * through `in (...)` lists of ids (also on `user_security_role.user_id`), several lists per
 * table, paged under a server page cap.
 */
let emu: Emulator;
const sessions: Session[] = [];

function open(url = emu.url): Session {
  const { session } = testSession(url, { user: 'admin', key: ADMIN_KEY });
  sessions.push(session);
  return session;
}

beforeAll(async () => {
  emu = await startEmulator({ seed: studioSeed(500), pageSizeLimit: 50 });
});
afterAll(async () => {
  await emu.stop();
});
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  emu.resetCounters();
});

const idsOf = (state: CurrentState, test: (name: string) => boolean) =>
  state.users.filter((u) => test(u.username)).map((u) => u.id);

describe('fetchTargetedState against the emulator', () => {
  it('reads what the whole snapshot holds of the users asked for and the holders found', async () => {
    const whole = await fetchCurrentState(open());
    const administrator = whole.roles.find((r) => r.name === 'Administrator')!.id;
    // Every other generated user (250, so two id lists per table), tricky names, a
    // service account, and the holders of Administrator (admin).
    const target = {
      userIds: idsOf(whole, (n) => /^user\d+[02468]$/.test(n) || /["'%]|render/.test(n)),
      holdersOf: [administrator],
    };
    emu.resetCounters();
    const read = await fetchTargetedState(open(), target);
    expect(read).toEqual(restrictState(whole, target));
    expect(read.users.length).toBe(target.userIds.length + 1);
    expect(read.users.some((u) => u.username === 'admin')).toBe(true);
    expect(read.assignments.some((a) => a.projectIds.length > 0)).toBe(true);
    const expressions = emu
      .requests()
      .map((batch) => (batch[0] as { expression: string }).expression);
    expect(
      expressions.some((e) =>
        e.startsWith('select id, username, is_active, user_type_id from User order by'),
      ),
    ).toBe(false);
    // The target's roles and the holder's, with their grants nested: no grant table read.
    expect(
      expressions.filter(
        (e) => e.includes('user_security_role_projects.project_id') && e.includes('user_id in ('),
      ).length,
    ).toBeGreaterThanOrEqual(2);
    expect(expressions.some((e) => e.includes('from UserSecurityRoleProject'))).toBe(false);
  });

  it('finds a holder who was not one when the target was made, and leaves out one who left', async () => {
    const whole = await fetchCurrentState(open());
    const administrator = whole.roles.find((r) => r.name === 'Administrator')!.id;
    const [user007] = idsOf(whole, (n) => n === 'user007');
    await emu.call([
      { action: 'add_user_security_role', user_id: user007, role_id: administrator },
    ]);
    try {
      const target = { userIds: idsOf(whole, (n) => n === 'ana'), holdersOf: [administrator] };
      const read = await fetchTargetedState(open(), target);
      expect(read.users.map((u) => u.username).sort()).toEqual(['admin', 'ana', 'user007']);
      expect(read).toEqual(restrictState(await fetchCurrentState(open()), target));
    } finally {
      await emu.call([
        { action: 'remove_user_security_role', user_id: user007, role_id: administrator },
      ]);
    }
  });
});
