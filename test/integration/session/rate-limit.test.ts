import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  answer,
  queryAnswer,
  startFakeServer,
  type FakeHandler,
  type FakeServer,
} from './helpers/fake-server.js';
import { testSession } from './helpers/session.js';

/** A server that counts the requests it holds at once, answering each after `holdMs`. */
function counting(holdMs: number) {
  let inFlight = 0;
  let max = 0;
  /** Answers waiting for the barrier: released together once `barrier` requests are held. */
  const held: ((status: number) => void)[] = [];
  let barrier = 0;
  let rateLimitFirst = 0;
  const respond = (res: ServerResponse, status: number) => {
    inFlight--;
    if (status === 429) {
      res.writeHead(429, { 'retry-after': '1' });
      res.end('');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(queryAnswer([{ id: 'u1' }])));
    }
  };
  const handler: FakeHandler = (_req, res) => {
    inFlight++;
    max = Math.max(max, inFlight);
    if (barrier > 0) {
      held.push((status) => respond(res, status));
      if (held.length === barrier) {
        barrier = 0;
        held.splice(0).forEach((release, i) => release(i < rateLimitFirst ? 429 : 200));
      }
      return;
    }
    setTimeout(() => respond(res, 200), holdMs);
  };
  return {
    handler,
    /** The next `n` requests are held until all have arrived; the first `limited` get a 429. */
    gather(n: number, limited: number) {
      barrier = n;
      rateLimitFirst = limited;
    },
    maxInFlight: () => max,
    resetMax: () => (max = 0),
  };
}

const READ = 'select id from User';
let fake: FakeServer;
let server: ReturnType<typeof counting>;
beforeEach(async () => {
  server = counting(15);
  fake = await startFakeServer(server.handler);
});
afterEach(async () => {
  await fake.stop();
});

describe('a session under HTTP 429', () => {
  it('halves the requests in flight once for a burst of 429s, and sends fewer after it', async () => {
    const { session, sleeps } = testSession(fake.url, { concurrency: 8 });
    server.gather(8, 3);
    const burst = Array.from({ length: 8 }, () => session.query(READ));
    await Promise.all(burst);
    expect(server.maxInFlight()).toBe(8);
    expect(sleeps).toEqual([1000, 1000, 1000]);
    // Three 429s of one window halve 8 to 4 once (not to 1).
    expect(session.requestStats()).toMatchObject({ inFlightLimit: 4, rateLimited: 3 });
    server.resetMax();
    await Promise.all(Array.from({ length: 12 }, () => session.query(READ)));
    // Never 8 again so soon: the limit is 4 and grows by one after as many successes of the
    // window as the limit. The 3 retried requests were sent in the new window, so their
    // successes count: one more success makes 5, five more 6 (while requests still wait
    // when answers come back one by one), and 6 more would be past the 12 sent.
    expect(server.maxInFlight()).toBeLessThanOrEqual(6);
    expect(server.maxInFlight()).toBeGreaterThanOrEqual(4);
    expect(fake.requests).toHaveLength(8 + 3 + 12);
    await session.close();
  });

  it('waits for Retry-After before sending any other request, then succeeds', async () => {
    let wake = (): void => undefined;
    const waits: number[] = [];
    const { session } = testSession(fake.url, {
      sleep: (ms) => {
        waits.push(ms);
        return new Promise<void>((resolve) => (wake = resolve));
      },
    });
    fake.queue.push(answer(429, '', { 'retry-after': '1' }));
    const limited = session.query(READ);
    while (waits.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(waits).toEqual([1000]);
    const other = session.query(READ);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.requests).toHaveLength(1); // the other query waits for Retry-After too
    wake();
    await expect(Promise.all([limited, other])).resolves.toHaveLength(2);
    expect(fake.requests).toHaveLength(3);
    await session.close();
  });

  it('waits at most the answer timeout (--timeout) or 30 s for a Retry-After', async () => {
    for (const [answerMs, expected] of [
      [2000, 2000],
      [120_000, 30_000],
    ] as const) {
      fake.queue.push(answer(429, '', { 'retry-after': '3600' }));
      const { session, sleeps } = testSession(fake.url, {
        timeouts: { answerMs },
        retry: { maxRetryAfterMs: 30_000 },
      });
      await expect(session.query(READ)).resolves.toBeDefined();
      expect(sleeps).toEqual([expected]);
      await session.close();
    }
  });
});
