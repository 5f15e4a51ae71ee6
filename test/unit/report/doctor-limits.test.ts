import { describe, expect, it } from 'vitest';
import {
  BODY_SIZES,
  buildDoctorReport,
  checkBodySize,
  checkClock,
  checkPageSize,
  checkRateLimit,
  checkRoundTrip,
  checkWorkers,
  DOCTOR_CHECKS,
  median,
} from '../../../src/report/index.js';

const table = (type: string, rows: number, next: number | null) => ({ type, rows, next });

describe('the page size check', () => {
  it('finds a cap: a page shorter than asked that names a next offset', () => {
    const check = checkPageSize(
      {
        ok: true,
        asked: 2000,
        tables: [table('User', 500, 500), table('Project', 40, null)],
        ms: 50,
      },
      40,
    );
    expect(check).toMatchObject({ status: 'info', details: { cap: 500 } });
    expect(check.summary).toContain('Pages of at most 500 rows');
  });

  it('finds no cap in tables smaller than a page, and the cost of a row', () => {
    const check = checkPageSize(
      { ok: true, asked: 2000, tables: [table('User', 100, null)], ms: 540 },
      40,
    );
    expect(check.status).toBe('ok');
    expect(check.summary).toBe(
      'No cap met asking for pages of 2,000 rows: the largest table read, User, has 100; 100 rows took 540 ms, about 5 ms a row beyond the round trip.',
    );
  });

  it('warns about a server that answers more rows than asked', () => {
    const check = checkPageSize(
      { ok: true, asked: 10, tables: [table('User', 22, null)], ms: 5 },
      5,
    );
    expect(check.status).toBe('warning');
  });
});

describe('round trip and workers', () => {
  it('takes the median and warns from a second', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(checkRoundTrip([120, 80, 100]).summary).toBe(
      'Median 100 ms over 3 small reads (120 ms, 80 ms, 100 ms).',
    );
    expect(checkRoundTrip([1200, 1100, 1300]).status).toBe('warning');
    expect(checkRoundTrip([], new Error('reset')).status).toBe('error');
  });

  it.each([
    [100, 400, 'info', 1],
    [100, 210, 'info', 2],
    [100, 105, 'ok', '>= 4'],
  ])('one read %i ms, four at once %i ms: %s', (singleMs, wallMs, status, atOnce) => {
    const check = checkWorkers({ parallel: 4, singleMs, wallMs });
    expect(check.status).toBe(status);
    expect(check.details?.['served_at_once']).toBe(atOnce);
  });

  it('cannot tell with requests too quick or failed', () => {
    expect(checkWorkers({ parallel: 4, singleMs: 2, wallMs: 8 }).summary).toContain('Cannot tell');
    expect(checkWorkers({ parallel: 4, singleMs: 50, wallMs: undefined }).summary).toContain(
      'Cannot tell',
    );
  });
});

describe('the body size check', () => {
  it('is ok when the largest body is accepted', () => {
    const steps = BODY_SIZES.map((bytes) => ({ bytes, ok: true, status: 200 }));
    expect(checkBodySize(steps).summary).toBe(
      'A request of 1 MiB was accepted (an apply of about 5,349 operations).',
    );
  });

  it('narrows a 413 down to a range', () => {
    const check = checkBodySize([
      { bytes: 65536, ok: true, status: 200 },
      { bytes: 262144, ok: false, status: 413 },
      { bytes: 163840, ok: false, status: 413 },
      { bytes: 114688, ok: true, status: 200 },
    ]);
    expect(check.status).toBe('warning');
    expect(check.summary).toContain('between 112 KiB and 160 KiB (HTTP 413, Content Too Large)');
    expect(check.details).toMatchObject({ largest_accepted: 114688, smallest_refused: 163840 });
  });
});

describe('the rate limit check', () => {
  it('reports the first 429 and its Retry-After', () => {
    const check = checkRateLimit({
      requests: 30,
      elapsedMs: 900,
      burst: 20,
      first429: { after: 27, atMs: 850, retryAfterMs: 2000 },
    });
    expect(check.status).toBe('info');
    expect(check.summary).toBe(
      'HTTP 429 (Too Many Requests) after 27 requests in 0.9 s; Retry-After 2 s.',
    );
  });

  it('is ok without 429', () => {
    expect(checkRateLimit({ requests: 38, elapsedMs: 500, burst: 20 }).status).toBe('ok');
  });
});

describe('the clock check', () => {
  const at = (iso: string) => Date.parse(iso);
  it('agrees within the Date header precision', () => {
    const check = checkClock({
      date: 'Mon, 07 Dec 2026 05:00:00 GMT',
      sentAt: at('2026-12-07T05:00:00.300Z'),
      answeredAt: at('2026-12-07T05:00:00.500Z'),
    });
    expect(check.status).toBe('ok');
  });

  it('warns beyond five minutes, saying which way', () => {
    const behind = checkClock({
      date: 'Mon, 07 Dec 2026 05:00:00 GMT',
      sentAt: at('2026-12-07T04:50:00.000Z'),
      answeredAt: at('2026-12-07T04:50:00.100Z'),
    });
    expect(behind.status).toBe('warning');
    expect(behind.summary).toBe("This machine's clock is about 10 min behind the server's.");
    const ahead = checkClock({
      date: 'Mon, 07 Dec 2026 05:00:00 GMT',
      sentAt: at('2026-12-07T05:03:00.000Z'),
      answeredAt: at('2026-12-07T05:03:00.100Z'),
    });
    expect(ahead).toMatchObject({
      status: 'ok',
      summary: expect.stringContaining('3 min ahead of'),
    });
    expect(checkClock(undefined).status).toBe('info');
  });
});

describe('the report', () => {
  it('lists every check once, in order, the missing ones skipped', () => {
    const report = buildDoctorReport({
      server: 'https://x',
      apiUser: 'svc',
      checkedAt: new Date('2026-01-01T00:00:00Z'),
      checks: [
        { id: 'credentials', status: 'error', summary: 'refused' },
        { id: 'url', status: 'ok', summary: 'fine' },
      ],
      skipReason: 'the credentials were refused',
    });
    expect(report.checks.map((c) => c.id)).toEqual([...DOCTOR_CHECKS]);
    expect(report.ready).toBe(false);
    expect(report.summary).toEqual({ ok: 1, warning: 0, error: 1, info: 0, skipped: 16 });
    expect(report.checks.find((c) => c.id === 'schema')?.summary).toBe(
      'Not checked: the credentials were refused.',
    );
  });
});
