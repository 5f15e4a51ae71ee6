import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryAll, queryPagesAsTheyCome, type QueryRunner } from '../../../src/session/index.js';
import type { EntityData } from '../../../src/wire/index.js';
import { fakeTable } from './fake-table.js';

const byId = (a: EntityData, b: EntityData) => String(a['id']).localeCompare(String(b['id']));

async function unordered(runner: QueryRunner, options: Parameters<typeof queryAll>[2] = {}) {
  const rows: EntityData[] = [];
  await queryPagesAsTheyCome(runner, 'select id from X', (page) => rows.push(...page), options);
  return rows.sort(byId);
}

const readers = [
  [
    'queryAll',
    (runner: QueryRunner, o?: Parameters<typeof queryAll>[2]) =>
      queryAll(runner, 'select id from X', o),
  ],
  ['queryPagesAsTheyCome', unordered],
] as const;

/** The offset and limit of every request, checked to be paged. */
function pages(expressions: string[]): { offset: number; limit: number }[] {
  return expressions.map((e) => {
    const m = /order by id offset (\d+) limit (\d+)$/.exec(e)!;
    return { offset: Number(m[1]), limit: Number(m[2]) };
  });
}

describe.each(readers)('%s under a server page cap', (_name, read) => {
  it('reads 10,000 rows capped at 100 with 2,000 asked: no row missed or repeated, ~100 requests', async () => {
    const table = fakeTable(10_000, 100);
    const rows = await read(table.runner, { pageSize: 2000, concurrency: 8 });
    expect(rows).toEqual(table.rows);
    const asked = pages(table.expressions);
    // 100 pages, each asked once, and at most concurrency - 1 in vain past the end.
    expect(new Set(asked.map((p) => p.offset)).size).toBe(asked.length);
    expect(asked.length).toBeGreaterThanOrEqual(100);
    expect(asked.length).toBeLessThanOrEqual(100 + 7);
    expect(asked.every((p) => p.offset % 100 === 0)).toBe(true);
    // The first page at the size asked; after it, at the size the server answers.
    expect(asked[0]).toEqual({ offset: 0, limit: 2000 });
    expect(asked.slice(1).every((p) => p.limit === 100)).toBe(true);
  });

  it('reads no more pages ahead than the runner lets in flight now', async () => {
    const table = fakeTable(2000, 50);
    const runner = { ...table.runner, concurrency: 3 };
    const rows = await read(runner, { pageSize: 500 });
    expect(rows).toEqual(table.rows);
    expect(table.maxInFlight()).toBeLessThanOrEqual(3);
    expect(table.maxInFlight()).toBeGreaterThan(1);
  });

  it('takes its page size from the runner unless given', async () => {
    const table = fakeTable(30);
    await read({ ...table.runner, pageSize: 7 });
    expect(pages(table.expressions)[0]).toEqual({ offset: 0, limit: 7 });
  });

  it('asks at most pages + concurrency requests for any size, cap and concurrency', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 20, max: 300 }),
        fc.integer({ min: 1, max: 8 }),
        async (size, cap, concurrency) => {
          const table = fakeTable(size, cap);
          const rows = await read(table.runner, { pageSize: 400, concurrency });
          expect(rows).toEqual(table.rows);
          const step = Math.min(cap, 400);
          const needed = Math.max(1, Math.ceil(size / step));
          expect(table.expressions.length).toBeLessThanOrEqual(needed + concurrency - 1);
        },
      ),
      { numRuns: 25 },
    );
  });
});
