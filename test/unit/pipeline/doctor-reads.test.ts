import { describe, expect, it } from 'vitest';
import { ServerError } from '../../../src/diagnostics/index.js';
import { DoctorReads, type DoctorProbe } from '../../../src/pipeline/doctor-reads.js';
import type { ProbeAnswer } from '../../../src/session/doctor-probe.js';

const ok = (ms: number, date?: string): ProbeAnswer => ({
  ok: true,
  ms,
  status: 200,
  results: [{}],
  bytes: 2,
  ...(date === undefined ? {} : { date }),
});
const limited = (retryAfterMs?: number): ProbeAnswer => ({
  ok: false,
  ms: 1,
  status: 429,
  error: new ServerError('HTTP 429'),
  tls: false,
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});

function fakeProbe(answers: ProbeAnswer[]): DoctorProbe & { sent: number } {
  const probe = {
    apiUser: 'svc',
    pageSize: 2000,
    sent: 0,
    read: () => {
      probe.sent++;
      return Promise.resolve(answers.shift() ?? ok(1));
    },
    close: () => Promise.resolve(),
  };
  return probe;
}

describe('the doctor reads', () => {
  it('waits Retry-After (at most 5 s) and sends a read again after HTTP 429', async () => {
    const probe = fakeProbe([ok(3), limited(30_000), ok(2)]);
    const waits: number[] = [];
    const reads = new DoctorReads(
      probe,
      () => new Date(),
      (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    );
    await reads.read([{ action: 'query_schemas' }]);
    const answer = await reads.read([{ action: 'query_schemas' }]);
    expect(answer.ok).toBe(true);
    expect(waits).toEqual([5000]);
    expect(probe.sent).toBe(3);
    expect(reads.rateLimited).toBe(true);
    expect(reads.rate(0).first429).toMatchObject({ after: 1, retryAfterMs: 30_000 });
  });

  it('gives a 429 back as it is when asked not to retry, and stops retrying after two', async () => {
    const reads = new DoctorReads(
      fakeProbe([limited(), limited(), limited(), limited()]),
      () => new Date(),
      () => Promise.resolve(),
    );
    expect((await reads.read([{ action: 'query_schemas' }], false)).status).toBe(429);
    expect((await reads.read([{ action: 'query_schemas' }])).status).toBe(429);
    expect(reads.rate(0)).toMatchObject({ requests: 0, first429: { after: 0 } });
  });

  it('keeps the Date header of the quickest answer, for the clock', async () => {
    const reads = new DoctorReads(
      fakeProbe([
        ok(50, 'Mon, 07 Dec 2026 05:00:00 GMT'),
        ok(5, 'Mon, 07 Dec 2026 05:00:01 GMT'),
        ok(9, 'x'),
      ]),
      () => new Date('2026-12-07T05:00:01Z'),
      () => Promise.resolve(),
    );
    for (let i = 0; i < 3; i++) await reads.read([{ action: 'query_schemas' }]);
    expect(reads.clock()?.date).toBe('Mon, 07 Dec 2026 05:00:01 GMT');
  });
});
