import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  MalformedResponseError,
  NetworkError,
  PermissionDeniedError,
  ServerError,
  ServerValidationError,
  UnknownOutcomeError,
} from '../../../src/diagnostics/index.js';
import type { Operation } from '../../../src/wire/index.js';
import {
  answer,
  queryAnswer,
  reset,
  startFakeServer,
  truncated,
  type FakeServer,
} from './helpers/fake-server.js';
import { TEST_KEY, testSession, failure } from './helpers/session.js';

const READ: Operation[] = [{ action: 'query', expression: 'select id from User' }];
const WRITE: Operation[] = [{ action: 'add_user_security_role', user_id: 'u', role_id: 'r' }];
const error = (exception: string, content = 'nope', error_code: string | null = null) => ({
  exception,
  content,
  error_code,
});

let fake: FakeServer;
beforeEach(async () => {
  fake = await startFakeServer(answer(200, queryAnswer([{ id: 'u1' }])));
});
afterEach(async () => {
  await fake.stop();
});

describe('Session against an HTTP fake', () => {
  it('posts the batch to <server>/api with the headers of the official clients', async () => {
    const { session } = testSession(`${fake.url}/prefix`, { user: 'svc' });
    await expect(session.call(READ)).resolves.toEqual(queryAnswer([{ id: 'u1' }]));
    await session.close();
    const [request] = fake.requests;
    expect(request!.body).toEqual(READ);
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      accept: 'application/json',
      'ftrack-user': 'svc',
      'ftrack-api-key': TEST_KEY,
      'ftrack-strict-api': 'true',
    });
    expect(request!.headers['ftrack-clienttoken']).toMatch(/^ftrack-roles--[0-9a-f-]{36}$/);
  });

  it.each([
    ['InvalidCredentialsError', 401, AuthenticationError],
    ['FTAuthenticationError', 200, AuthenticationError],
    ['PermissionError', 403, PermissionDeniedError],
    ['ValidationError', 422, ServerValidationError],
    ['DuplicateEntryError', 200, ServerError],
    ['IntegrityError', 500, ServerError],
  ])('maps %s (HTTP %i) to its typed error without retrying', async (exception, status, type) => {
    fake.queue.push(answer(status, error(exception, 'details here', 'some_code')));
    const { session } = testSession(fake.url);
    const e = await failure(session.call(READ));
    await session.close();
    expect(e).toBeInstanceOf(type);
    expect(e).toMatchObject({ exception, errorCode: 'some_code' });
    expect(e.message).toContain('details here');
    expect(fake.requests).toHaveLength(1);
  });

  it('treats a non-2xx status without an exception as a ServerError', async () => {
    fake.queue.push(answer(500, '<html>oops</html>'), answer(404, { detail: 'x' }));
    const { session } = testSession(fake.url);
    const first = await failure(session.call(READ));
    const second = await failure(session.call(READ));
    await session.close();
    expect(first).toBeInstanceOf(ServerError);
    expect(first.message).toMatch(/HTTP 500: <html>oops<\/html>/);
    expect(second).toBeInstanceOf(ServerError);
    expect(fake.requests).toHaveLength(2);
  });

  it('refuses non-JSON, non-array and wrongly sized answers', async () => {
    fake.queue.push(answer(200, 'not json'), answer(200, { a: 1 }), answer(200, []));
    const { session } = testSession(fake.url);
    for (const pattern of [/not JSON/, /not a result array/, /0 results for 1 operation\./]) {
      const e = await failure(session.call(READ));
      expect(e).toBeInstanceOf(MalformedResponseError);
      expect(e.message).toMatch(pattern);
    }
    await session.close();
    expect(fake.requests).toHaveLength(3);
  });

  it('checks the shape of a query answer', async () => {
    fake.queue.push(answer(200, [{ action: 'query', data: [] }]));
    const { session } = testSession(fake.url);
    await expect(session.query('select id from User')).rejects.toThrow(MalformedResponseError);
    await session.close();
  });

  it('retries reads on 429, 502, 503, 504 and resets, then succeeds', async () => {
    fake.queue.push(answer(429, ''), answer(502, ''), reset);
    const { session, sleeps } = testSession(fake.url);
    await expect(session.call(READ)).resolves.toHaveLength(1);
    fake.queue.push(answer(503, error('ServiceUnavailable')), answer(504, 'gateway'));
    await expect(session.call(READ)).resolves.toHaveLength(1);
    await session.close();
    expect(fake.requests).toHaveLength(7);
    // base 10 ms, random 0.5: 7.5 → 8, then 15, 30
    expect(sleeps).toEqual([8, 15, 30, 8, 15]);
  });

  it('honours Retry-After in seconds and as an HTTP date, capped', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    fake.queue.push(
      answer(429, '', { 'retry-after': '2' }),
      answer(503, '', { 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }),
      answer(429, '', { 'retry-after': '3600' }),
    );
    const { session, sleeps } = testSession(fake.url, { now: () => now });
    await expect(session.call(READ)).resolves.toHaveLength(1);
    await session.close();
    expect(sleeps).toEqual([2000, 3000, 5000]);
  });

  it('gives up after maxAttempts and says so', async () => {
    const { session, sleeps } = testSession(fake.url);
    fake.queue.push(...Array.from({ length: 10 }, () => answer(503, '')));
    const e = await failure(session.call(READ));
    await session.close();
    expect(e).toBeInstanceOf(ServerError);
    expect(e.message).toMatch(/HTTP 503.*gave up after 4 attempts/);
    expect(fake.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('gives up when the time budget is spent', async () => {
    let clock = 0;
    const { session } = testSession(fake.url, {
      now: () => clock,
      sleep: (ms) => {
        clock += ms;
        return Promise.resolve();
      },
      retry: { maxAttempts: 100, maxElapsedMs: 2500 },
    });
    fake.queue.push(...Array.from({ length: 20 }, () => answer(429, '', { 'retry-after': '1' })));
    const e = await failure(session.call(READ));
    await session.close();
    expect(e).toBeInstanceOf(ServerError);
    // attempts at 0, 1000 and 2000 ms; one more would start after 3000 ms > 2500 ms
    expect(fake.requests.length).toBe(3);
    expect(e.message).toMatch(/gave up after 3 attempts/);
  });

  it('gives up a pending retry when the session is closed', async () => {
    fake.queue.push(answer(503, ''));
    const { session, debug } = testSession(fake.url, { sleep: () => new Promise(() => undefined) });
    const pending = failure(session.call(READ));
    while (!debug.some((line) => line.startsWith('retrying'))) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await session.close();
    expect(await pending).toBeInstanceOf(ServerError);
    expect(fake.requests).toHaveLength(1);
  });

  it('retries a read whose answer was cut off', async () => {
    fake.queue.push(truncated(queryAnswer([{ id: 'x'.repeat(2000) }])));
    const { session } = testSession(fake.url);
    await expect(session.call(READ)).resolves.toHaveLength(1);
    await session.close();
    expect(fake.requests).toHaveLength(2);
  });

  it('never resends a write after a 503; resends it after a 429, which refused it unexecuted', async () => {
    fake.queue.push(answer(503, ''));
    const first = testSession(fake.url);
    await expect(first.session.call(WRITE)).rejects.toBeInstanceOf(ServerError);
    await first.session.close();
    expect(first.sleeps).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    fake.queue.push(answer(429, '', { 'retry-after': '1' }));
    const second = testSession(fake.url);
    await expect(second.session.call(WRITE)).resolves.toHaveLength(1);
    await second.session.close();
    expect(second.sleeps).toEqual([1000]);
    expect(fake.requests).toHaveLength(3);
  });

  it.each([
    ['a reset', reset],
    ['a truncated answer', truncated([{ action: 'add_user_security_role', data: true }])],
    ['a 200 that is not JSON', answer(200, '<html>')],
    ['a 504 from a gateway', answer(504, '')],
  ])('reports an unknown outcome for a write after %s, sent once', async (_name, handler) => {
    fake.queue.push(handler);
    const { session } = testSession(fake.url);
    const e = await failure(session.call(WRITE));
    await session.close();
    expect(e).toBeInstanceOf(UnknownOutcomeError);
    expect(e.message).toMatch(/may or may not have applied/);
    expect(fake.requests).toHaveLength(1);
  });

  it('infers a write from the actions even when not told', async () => {
    fake.queue.push(answer(503, ''));
    const { session } = testSession(fake.url);
    await expect(session.call(WRITE, { write: false })).rejects.toBeInstanceOf(ServerError);
    await session.close();
    expect(fake.requests).toHaveLength(1);
  });

  it('reports an unknown outcome when a write times out waiting for the answer', async () => {
    fake.queue.push(() => undefined); // never answers
    const { session } = testSession(fake.url, { timeouts: { headersMs: 200 } });
    const e = await failure(session.call(WRITE));
    await session.close().catch(() => undefined);
    expect(e).toBeInstanceOf(UnknownOutcomeError);
    expect((e as UnknownOutcomeError).errorCode).toBe('UND_ERR_HEADERS_TIMEOUT');
  });

  it('retries a read that timed out', async () => {
    fake.queue.push(() => undefined);
    const { session } = testSession(fake.url, { timeouts: { headersMs: 200 } });
    await expect(session.call(READ)).resolves.toHaveLength(1);
    await session.close();
    expect(fake.requests).toHaveLength(2);
  });

  it('reports a refused connection as a plain NetworkError, also for writes', async () => {
    const url = await closedPortUrl();
    const { session, sleeps } = testSession(url);
    const read = await failure(session.call(READ));
    const write = await failure(session.call(WRITE));
    await session.close();
    expect(read).toBeInstanceOf(NetworkError);
    expect(read).not.toBeInstanceOf(UnknownOutcomeError);
    expect(read.message).toMatch(/ECONNREFUSED.*gave up after 4 attempts/);
    expect(sleeps).toHaveLength(3);
    expect(write).toBeInstanceOf(NetworkError);
    expect(write).not.toBeInstanceOf(UnknownOutcomeError);
  });

  it('keeps the API key out of errors, causes, inspect output and debug lines', async () => {
    fake.queue.push(
      answer(401, error('InvalidCredentialsError', `The key ${TEST_KEY} is not valid`)),
      answer(200, `garbage ${TEST_KEY}`),
      answer(500, `<p>${TEST_KEY}</p>`),
      reset,
    );
    const { session, debug } = testSession(fake.url);
    const errors = [
      await failure(session.call(READ)),
      await failure(session.call(READ)),
      await failure(session.call(READ)),
      await failure(session.call(WRITE)),
    ];
    await session.close();
    expect(errors.map((e) => e.constructor.name)).toEqual([
      'AuthenticationError',
      'MalformedResponseError',
      'ServerError',
      'UnknownOutcomeError',
    ]);
    for (const e of errors) {
      expect(e.message).not.toContain(TEST_KEY);
      expect(inspect(e, { depth: 20, showHidden: true })).not.toContain(TEST_KEY);
      expect(JSON.stringify(e)).not.toContain(TEST_KEY);
    }
    expect(errors[0]!.message).toContain('[redacted]');
    expect(debug.length).toBeGreaterThan(4);
    expect(debug.join('\n')).not.toContain(TEST_KEY);
    expect(inspect(session, { depth: 20, showHidden: true })).not.toContain(TEST_KEY);
    expect(JSON.stringify(session)).not.toContain(TEST_KEY);
  });
});

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
