import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_STATE_QUERIES, fetchCurrentState } from '../../../src/current/index.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { queryAll, type Session, type SessionOptions } from '../../../src/session/index.js';
import { ADMIN_KEY, studioSeed } from './helpers/seed.js';
import { testSession } from './helpers/session.js';

const seed = studioSeed(1200);
let plain: Emulator;
let capped: Emulator;
const sessions: Session[] = [];

function open(emu: Emulator, options: SessionOptions = {}) {
  const made = testSession(emu.url, { user: 'admin', key: ADMIN_KEY, ...options });
  sessions.push(made.session);
  return made;
}

/** The table each paged request reads (`select … from <Table> order by …`). */
function tablesOf(emu: Emulator): string[] {
  return emu.requests().map((batch) => {
    const { expression } = batch[0] as { expression: string };
    return /\bfrom (\w+) order by id offset \d+ limit \d+$/.exec(expression)![1]!;
  });
}

beforeAll(async () => {
  plain = await startEmulator({ seed });
  capped = await startEmulator({ seed, pageSizeLimit: 100 });
});
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await Promise.all([plain.stop(), capped.stop()]);
});

describe('reading the state from a server that caps its pages', () => {
  it('reads under a cap of 100 rows exactly what it reads without, in a bounded number of requests', async () => {
    const rows: Record<string, number> = {};
    for (const [table, base] of Object.entries(CURRENT_STATE_QUERIES)) {
      rows[table] = (await queryAll(open(plain).session, base)).length;
    }
    expect(rows['User']).toBeGreaterThan(1200);
    expect(rows['UserSecurityRole']).toBeGreaterThan(300);
    const uncapped = await fetchCurrentState(open(plain).session, { groups: true });
    capped.resetCounters();
    const read = await fetchCurrentState(open(capped).session, { groups: true });
    expect({ ...read, server: plain.url }).toEqual(uncapped); // the ids come from the seed

    // Per table: its pages of 100, plus at most concurrency - 1 = 7 asked in vain at the end.
    const asked = tablesOf(capped);
    for (const [table, count] of Object.entries(rows)) {
      const pages = Math.max(1, Math.ceil(count / 100));
      const requests = asked.filter((t) => t === table).length;
      expect(requests, table).toBeGreaterThanOrEqual(pages);
      expect(requests, table).toBeLessThanOrEqual(pages + 7);
    }
  });
});

describe('reading the state from a server that answers 429', () => {
  it('waits Retry-After, halves the requests in flight, and reads the same state', async () => {
    const clean = await fetchCurrentState(open(plain).session, { groups: true });
    plain.injectFault({ kind: 'status', status: 429, retryAfter: 1, on: 'read', times: 3 });
    const { session, sleeps } = open(plain, { concurrency: 8, pageSize: 250 });
    const read = await fetchCurrentState(session, { groups: true });
    expect(read).toEqual(clean);
    expect(sleeps.filter((ms) => ms >= 1000)).toHaveLength(3);
    const stats = session.requestStats();
    expect(stats.rateLimited).toBe(3);
    expect(stats.inFlightLimit).toBeLessThan(8);
  });
});

describe('reading the state from a server that serves fewer requests at once than sent', () => {
  it('sees answers queue behind each other and sends no more than the server serves', async () => {
    const clean = await fetchCurrentState(open(plain).session);
    // One worker: a second request waits for the first's whole 150 ms.
    const narrow = await startEmulator({ seed, workers: 1, latencyMs: 150 });
    try {
      const { session } = open(narrow, { concurrency: 4, pageSize: 200 });
      const read = await fetchCurrentState(session);
      expect({ ...read, server: plain.url }).toEqual(clean);
      const stats = session.requestStats();
      expect(stats.queued).toBeGreaterThanOrEqual(1);
      expect(stats.inFlightLimit).toBeLessThanOrEqual(2);
      expect(stats.rateLimited).toBe(0);
    } finally {
      await narrow.stop();
    }
  });
});
