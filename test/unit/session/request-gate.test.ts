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

describe('RequestGate', () => {
  it('admits up to its limit and the rest in order as slots free', async () => {
    const gate = new RequestGate(3);
    const admitted = acquireMany(gate, 5);
    await settle();
    expect(admitted.map((a) => a.index)).toEqual([0, 1, 2]);
    gate.release(admitted[1]!.ticket, 'failed');
    await settle();
    expect(admitted.map((a) => a.index)).toEqual([0, 1, 2, 3]);
    expect(gate.stats()).toEqual({ inFlightLimit: 3, maxInFlight: 3, rateLimited: 0 });
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

  it('refuses a limit below 1', () => {
    expect(() => new RequestGate(0)).toThrow(RangeError);
  });
});
