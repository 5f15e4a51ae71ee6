import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  MalformedResponseError,
  PermissionDeniedError,
  ServerError,
  ServerValidationError,
  UnknownOutcomeError,
} from '../../../src/diagnostics/index.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { query, UnsafeQueryValueError, type Session } from '../../../src/session/index.js';
import type { Operation } from '../../../src/wire/index.js';
import {
  ADMIN_KEY,
  ANA_KEY,
  BACKSLASH_USERNAME,
  studioSeed,
  TRICKY_PROJECTS,
  TRICKY_USERNAMES,
} from './helpers/seed.js';
import { testSession, failure } from './helpers/session.js';

let emu: Emulator;
const sessions: Session[] = [];

function open(options: Parameters<typeof testSession>[1] = {}) {
  const made = testSession(emu.url, { user: 'admin', key: ADMIN_KEY, ...options });
  sessions.push(made.session);
  return made;
}

async function idOf(entity: 'User' | 'SecurityRole' | 'Project', name: string): Promise<string> {
  const attribute = entity === 'User' ? 'username' : 'name';
  const [result] = (await emu.call([
    { action: 'query', expression: `select id from ${entity} where ${attribute} is "${name}"` },
  ])) as [{ data: { id: string }[] }];
  return result.data[0]!.id;
}

beforeAll(async () => {
  emu = await startEmulator({ seed: studioSeed(10) });
});
afterAll(async () => {
  await emu.stop();
});
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  emu.resetCounters();
});

const READ: Operation[] = [{ action: 'query', expression: 'select id, username from User' }];

describe('Session against the emulator: typed errors', () => {
  it('maps bad credentials to AuthenticationError and keeps the key out of it', async () => {
    const { session } = open({ key: 'wrong-key-do-not-print' });
    const e = await failure(session.call(READ));
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(e).toMatchObject({ exception: 'InvalidCredentialsError' });
    expect(inspect(e, { depth: 20, showHidden: true })).not.toContain('wrong-key-do-not-print');
    expect(emu.requestCount()).toBe(1);
  });

  it('maps a missing permission to PermissionDeniedError', async () => {
    const { session } = open({ user: 'ana', key: ANA_KEY });
    const [user, role] = [await idOf('User', 'bo'), await idOf('SecurityRole', 'Administrator')];
    const e = await failure(
      session.call([{ action: 'add_user_security_role', user_id: user, role_id: role }]),
    );
    expect(e).toBeInstanceOf(PermissionDeniedError);
    expect(e).toMatchObject({ exception: 'PermissionError' });
  });

  it('maps a refused operation to ServerValidationError', async () => {
    const { session } = open();
    const e = await failure(
      session.call([
        { action: 'create', entity_type: 'UserSecurityRole', entity_data: { user_id: 'x' } },
      ]),
    );
    expect(e).toBeInstanceOf(ServerValidationError);
  });

  it('maps other server exceptions to ServerError', async () => {
    const { session } = open();
    const e = await failure(
      session.call([{ action: 'create', entity_type: 'User', entity_data: { username: 'ana' } }]),
    );
    expect(e).toBeInstanceOf(ServerError);
    expect(e).toMatchObject({ exception: 'DuplicateEntryError' });
    expect(emu.snapshot().users.filter((u) => u.username === 'ana')).toHaveLength(1);
  });

  it('refuses a malformed body without retrying', async () => {
    emu.injectFault({ kind: 'malformed-body', on: 'read' });
    const { session } = open();
    await expect(session.call(READ)).rejects.toBeInstanceOf(MalformedResponseError);
    expect(emu.requestCount()).toBe(1);
  });
});

describe('Session against the emulator: retries', () => {
  it('retries reads on 429, 502, 503, 504, resets and cut-off answers', async () => {
    for (const status of [429, 502, 503, 504] as const) emu.injectFault({ kind: 'status', status });
    emu.injectFault({ kind: 'reset-before-commit', on: 'read' });
    emu.injectFault({ kind: 'truncated-body', on: 'read' });
    const { session, sleeps } = open({ retry: { maxAttempts: 10 } });
    const [result] = (await session.call(READ)) as [{ data: unknown[] }];
    expect(result.data.length).toBeGreaterThan(10);
    expect(emu.requestCount()).toBe(7);
    expect(sleeps).toHaveLength(6);
  });

  it('honours Retry-After', async () => {
    emu.injectFault({ kind: 'status', status: 429, retryAfter: 2 });
    const { session, sleeps } = open();
    await session.call(READ);
    expect(sleeps).toEqual([2000]);
  });

  it('stops after the attempt budget', async () => {
    emu.injectFault({ kind: 'status', status: 503, times: 3 });
    const { session } = open({ retry: { maxAttempts: 3 } });
    const e = await failure(session.call(READ));
    expect(e).toBeInstanceOf(ServerError);
    expect(e.message).toMatch(/gave up after 3 attempts/);
    expect(emu.requestCount()).toBe(3);
  });

  it('does not retry a 500', async () => {
    emu.injectFault({ kind: 'status', status: 500 });
    const { session } = open();
    await expect(session.call(READ)).rejects.toBeInstanceOf(ServerError);
    expect(emu.requestCount()).toBe(1);
  });
});

describe('Session against the emulator: writes are never retried', () => {
  async function addRole(session: Session, username: string) {
    const op: Operation = {
      action: 'add_user_security_role',
      user_id: await idOf('User', username),
      role_id: await idOf('SecurityRole', 'Administrator'),
    };
    return session.call([op], { write: true });
  }
  const holdsAdmin = (username: string) =>
    emu.snapshot().users.find((u) => u.username === username)?.roles['Administrator'] !== undefined;

  it('sends a write once on 503; after a 429 (not executed) resends it once Retry-After has passed', async () => {
    emu.injectFault({ kind: 'status', status: 503, on: 'write' });
    const { session, sleeps } = open();
    await expect(addRole(session, 'user001')).rejects.toBeInstanceOf(ServerError);
    expect(emu.operationCounts()['add_user_security_role']).toBe(1);
    expect(sleeps).toEqual([]);
    expect(holdsAdmin('user001')).toBe(false);
    emu.injectFault({ kind: 'status', status: 429, on: 'write', retryAfter: 1 });
    await expect(addRole(session, 'user001')).resolves.toHaveLength(1);
    expect(emu.operationCounts()['add_user_security_role']).toBe(3);
    expect(sleeps).toEqual([1000]);
    expect(holdsAdmin('user001')).toBe(true);
  });

  it.each([
    ['reset-before-commit', false],
    ['reset-after-commit', true],
    ['truncated-body', true],
  ] as const)(
    'reports an unknown outcome after %s (applied: %s), sent once',
    async (kind, applied) => {
      const username = `user00${kind.length % 7}`;
      const before = holdsAdmin(username);
      emu.injectFault({ kind, on: 'write' });
      const { session } = open();
      const e = await failure(addRole(session, username));
      expect(e).toBeInstanceOf(UnknownOutcomeError);
      expect(emu.operationCounts()['add_user_security_role']).toBe(1);
      expect(holdsAdmin(username)).toBe(before || applied);
      if (applied) {
        await emu.call([
          {
            action: 'remove_user_security_role',
            user_id: await idOf('User', username),
            role_id: await idOf('SecurityRole', 'Administrator'),
          },
        ]);
      }
    },
  );

  it('reports an unknown outcome when a write times out, sent once', async () => {
    // undici's timers have a resolution of about a second: the delay must exceed that.
    emu.injectFault({ kind: 'delay', ms: 2500, on: 'write' });
    const { session } = open({ timeouts: { headersMs: 100 } });
    const e = await failure(addRole(session, 'user002'));
    expect(e).toBeInstanceOf(UnknownOutcomeError);
    expect((e as UnknownOutcomeError).errorCode).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(emu.operationCounts()['add_user_security_role']).toBe(1);
    for (let i = 0; i < 50 && !holdsAdmin('user002'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(holdsAdmin('user002')).toBe(true); // the emulator committed after the delay
    expect(emu.requestCount()).toBe(1);
  });
});

describe('Session against the emulator: quoting', () => {
  it.each(TRICKY_USERNAMES)('finds the user %j by name', async (username) => {
    const { session } = open();
    const page = await session.query(
      query`select id, username from User where username is ${username}`,
    );
    expect(page.data.map((row) => row['username'])).toEqual([username]);
  });

  it.each(TRICKY_PROJECTS)('finds the project %j by name', async (name) => {
    const { session } = open();
    const page = await session.query(query`select id, name from Project where name is ${name}`);
    expect(page.data.map((row) => row['name'])).toEqual([name]);
  });

  it('does not let a quote in a value widen the query', async () => {
    const { session } = open();
    const page = await session.query(
      query`select id from User where username is ${'x" or username like "%'}`,
    );
    expect(page.data).toEqual([]);
  });

  it('refuses a backslash before sending anything', async () => {
    const { session } = open();
    expect(() => query`select id from User where username is ${BACKSLASH_USERNAME}`).toThrow(
      UnsafeQueryValueError,
    );
    const page = await session.query('select id, username from User');
    expect(page.data.map((row) => row['username'])).toContain(BACKSLASH_USERNAME);
    expect(emu.requestCount()).toBe(1);
  });
});
