import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedResponseError } from '../../../src/diagnostics/index.js';
import { queryAll, type QueryRunner } from '../../../src/session/index.js';
import { fakeTable } from './fake-table.js';

describe('queryAll', () => {
  it('pages across page boundaries (pageSize 7 over 50 rows) in order', async () => {
    const table = fakeTable(50);
    const rows = await queryAll(table.runner, 'select id from User', {
      pageSize: 7,
      concurrency: 1,
    });
    expect(rows).toEqual(table.rows);
    expect(table.expressions).toEqual(
      [0, 7, 14, 21, 28, 35, 42, 49].map(
        (o) => `select id from User order by id offset ${o} limit 7`,
      ),
    );
  });

  it('reads a small table in one request even with concurrency', async () => {
    const table = fakeTable(3);
    expect(await queryAll(table.runner, 'select id from X', { concurrency: 8 })).toEqual(
      table.rows,
    );
    expect(table.expressions).toHaveLength(1);
  });

  it('gives the same rows with concurrency and keeps at most K pages in flight', async () => {
    const table = fakeTable(1000);
    const rows = await queryAll(table.runner, 'select id from X', { pageSize: 9, concurrency: 5 });
    expect(rows).toEqual(table.rows);
    expect(table.maxInFlight()).toBeLessThanOrEqual(5);
    expect(table.maxInFlight()).toBeGreaterThan(1);
  });

  it('follows the server when it caps the page size', async () => {
    const table = fakeTable(100, 6);
    const progress: number[] = [];
    const rows = await queryAll(table.runner, 'select id from X', {
      pageSize: 10,
      concurrency: 3,
      onPage: (n) => progress.push(n),
    });
    expect(rows).toEqual(table.rows);
    expect(progress.at(-1)).toBe(100);
  });

  it('equals sequential paging for any size, page size, cap and concurrency', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 6 }),
        async (size, pageSize, cap, concurrency) => {
          const table = fakeTable(size, cap);
          const rows = await queryAll(table.runner, 'select id from X', { pageSize, concurrency });
          expect(rows).toEqual(table.rows);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a next offset that does not move forward', async () => {
    const runner: QueryRunner = {
      query: () =>
        Promise.resolve({ action: 'query', data: [], metadata: { next: { offset: 0 } } }),
    };
    await expect(queryAll(runner, 'select id from X')).rejects.toThrow(MalformedResponseError);
  });

  it('refuses an empty page that names a next one (no endless paging)', async () => {
    const runner: QueryRunner = {
      query: (e) => {
        const offset = Number(/offset (\d+)/.exec(e)![1]);
        return Promise.resolve({
          action: 'query',
          data: [],
          metadata: { next: { offset: offset + 5 } },
        });
      },
    };
    await expect(queryAll(runner, 'select id from X')).rejects.toThrow(/with 0 rows/);
  });

  it('passes on the error of a page', async () => {
    const runner: QueryRunner = { query: () => Promise.reject(new Error('boom')) };
    await expect(queryAll(runner, 'select id from X', { concurrency: 4 })).rejects.toThrow('boom');
  });
});
