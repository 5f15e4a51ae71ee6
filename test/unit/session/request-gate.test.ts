import { describe, expect, it } from 'vitest';
import { RequestGate, type GateTicket } from '../../../src/session/request-gate.js';

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Starts `n` acquires; `admitted` lists the tickets handed out so far, in order. */
function acquireMany(gate: RequestGate, n: number, retry = false) {
  const admitted: { index: number; ticket: GateTicket }[] = [];
  for (let index = 0; index < n; index++) {
    void gate.acquire(retry).then((ticket) => admitted.push({ index, ticket }));
  }
  return admitted;
}

/** Lets 6 requests of kind `pages` through at once (the gate's limit must allow them). */
function acquireMany6(gate: RequestGate): GateTicket[] {
  const tickets: GateTicket[] = [];
  for (let i = 0; i < 6; i++) void gate.acquire(false, 'pages').then((t) => tickets.push(t));
  return tickets;
}

describe('RequestGate', () => {
  it('admits up to its limit and the rest in order as slots free', async () => {
    const gate = new RequestGate(3);
    const admitted = acquireMany(gate, 5);
    await settle();
    expect(admitted.map((a) => a.index)).toEqual([0, 1, 2]);
    gate.release(admitted[1]!.ticket, 'failed');
    await settle();
    expect(admitted.map((a) => a.index)).toEqual([0, 1, 2, 3]);
    expect(gate.stats()).toEqual({ inFlightLimit: 3, maxInFlight: 3, rateLimited: 0, queued: 0 });
  });

  it('halves on 429 once per window: the 429s of requests sent before do not halve again', async () => {
    const gate = new RequestGate(8);
    const first = acquireMany(gate, 8);
    await settle();
    for (const { ticket } of first.slice(0, 3)) gate.release(ticket, 'rate-limited');
    expect(gate.limit).toBe(4);
    for (const { ticket } of first.slice(3)) gate.release(ticket, 'ok');
    expect(gate.limit).toBe(4); // successes of the old window do not grow it back
    for (const expected of [2, 1, 1]) {
      const ticket = await gate.acquire();
      gate.release(ticket, 'rate-limited');
      expect(gate.limit).toBe(expected);
    }
    expect(gate.stats()).toMatchObject({ inFlightLimit: 1, maxInFlight: 8, rateLimited: 6 });
  });

  it('grows by one after as many successes in a row as the limit, up to the maximum', async () => {
    const gate = new RequestGate(4);
    gate.release(await gate.acquire(), 'rate-limited');
    gate.release(await gate.acquire(), 'rate-limited');
    expect(gate.limit).toBe(1);
    const limits: number[] = [];
    for (let i = 0; i < 12; i++) {
      gate.release(await gate.acquire(), 'ok');
      limits.push(gate.limit);
    }
    // 1 success → 2; 2 more → 3; 3 more → 4; then it stays at the maximum.
    expect(limits).toEqual([2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4]);
  });

  it('a 429 restarts the count of successes; other failures change nothing', async () => {
    const gate = new RequestGate(4);
    gate.release(await gate.acquire(), 'rate-limited');
    expect(gate.limit).toBe(2);
    gate.release(await gate.acquire(), 'ok');
    gate.release(await gate.acquire(), 'failed');
    expect(gate.limit).toBe(2);
    gate.release(await gate.acquire(), 'ok');
    expect(gate.limit).toBe(3);
  });

  it('sends nothing while held off, then lets a retry go first', async () => {
    const gate = new RequestGate(2);
    let resume = (): void => undefined;
    gate.holdOff(new Promise<void>((resolve) => (resume = resolve)));
    const waiting = acquireMany(gate, 3);
    await settle();
    expect(waiting).toEqual([]);
    const retried = acquireMany(gate, 1, true);
    resume();
    await settle();
    expect(waiting.map((a) => a.index)).toEqual([0, 1]);
    expect(retried).toEqual([]);
    gate.release(waiting[0]!.ticket, 'ok');
    await settle();
    expect(retried).toHaveLength(1); // ahead of the third request, queued before it
    expect(waiting).toHaveLength(2);
  });

  it('a failed pause also ends the hold-off; open() lets everything through', async () => {
    const gate = new RequestGate(1);
    gate.holdOff(Promise.reject(new Error('closed')));
    const admitted = acquireMany(gate, 4);
    await settle();
    expect(admitted).toHaveLength(1);
    gate.open();
    await settle();
    expect(admitted).toHaveLength(4);
  });

  it('lowers the limit below the requests in flight when an answer shows it queued, for good', async () => {
    let now = 0;
    const gate = new RequestGate(
      8,
      () => now,
      () => 0,
    );
    // The first page alone: 100 ms, the fastest of its kind.
    const first = await gate.acquire(false, 'pages');
    now = 100;
    gate.release(first, 'ok');
    // 6 pages at once to a server that serves 4: two wait for a worker (200 ms).
    const wave = acquireMany6(gate);
    await settle();
    expect(wave.map((t) => t.inFlight)).toEqual([1, 2, 3, 4, 5, 6]);
    now = 210;
    for (const ticket of wave.slice(0, 4)) gate.release(ticket, 'ok'); // 110 ms: served at once
    expect(gate.limit).toBe(8);
    now = 300;
    gate.release(wave[4]!, 'ok'); // 200 ms: queued, sent as the 5th in flight
    expect(gate.limit).toBe(4);
    gate.release(wave[5]!, 'ok'); // queued too, but sent before the limit dropped
    expect(gate.limit).toBe(4);
    // It never grows past 4 again, however many answers come back fast.
    for (let i = 0; i < 40; i++) {
      const ticket = await gate.acquire(false, 'pages');
      now += 100;
      gate.release(ticket, 'ok');
    }
    expect(gate.stats()).toMatchObject({ inFlightLimit: 4, queued: 1 });
  });

  it('compares an answer only with the fastest of its own kind, and not when it went alone', async () => {
    let now = 0;
    const gate = new RequestGate(
      4,
      () => now,
      () => 0,
    );
    const small = await gate.acquire(false, 'small');
    now = 10;
    gate.release(small, 'ok');
    // A bigger kind of request takes 500 ms alone, and alone it can have waited for no one.
    const big = await gate.acquire(false, 'big');
    now = 510;
    gate.release(big, 'ok');
    const again = await gate.acquire(false, 'small');
    now = 2000; // alone in flight: it did not queue, whatever it took
    gate.release(again, 'ok');
    expect(gate.stats()).toMatchObject({ inFlightLimit: 4, queued: 0 });
  });

  it('does not count the time the client was busy: an answer it took in late did not queue', async () => {
    let now = 0;
    let busy = 0;
    const gate = new RequestGate(
      8,
      () => now,
      () => busy,
    );
    const first = await gate.acquire(false, 'pages');
    now = 100;
    gate.release(first, 'ok');
    const wave = acquireMany6(gate);
    await settle();
    // The answers came at 100 ms, but the client checked its config until 400 ms.
    now = 500;
    busy = 400;
    for (const ticket of wave) gate.release(ticket, 'ok');
    expect(gate.stats()).toMatchObject({ inFlightLimit: 8, queued: 0 });
  });

  it('refuses a limit below 1', () => {
    expect(() => new RequestGate(0)).toThrow(RangeError);
  });
});
