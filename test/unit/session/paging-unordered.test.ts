import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedResponseError } from '../../../src/diagnostics/index.js';
import { queryPagesAsTheyCome, type QueryRunner } from '../../../src/session/index.js';
import type { EntityData } from '../../../src/wire/index.js';
import { fakeTable } from './fake-table.js';

async function readAll(
  runner: QueryRunner,
  options: { pageSize?: number; concurrency?: number; onPage?: (n: number) => void } = {},
): Promise<{ rows: EntityData[]; count: number; pages: number }> {
  const rows: EntityData[] = [];
  let pages = 0;
  const count = await queryPagesAsTheyCome(
    runner,
    'select id from X',
    (page) => {
      pages++;
      rows.push(...page);
    },
    options,
  );
  return { rows, count, pages };
}

const byId = (a: EntityData, b: EntityData) => String(a['id']).localeCompare(String(b['id']));

/**
 * A runner that answers each offset from a fixed table of pages (offset → answer), after
 * `delay` ms (default 0): a slow page lets the pages after it be asked for and come back
 * first.
 */
function scripted(
  pages: Record<number, { rows: number; next: number | null; delay?: number }>,
): QueryRunner {
  return {
    async query(expression) {
      const offset = Number(/offset (\d+)/.exec(expression)![1]);
      const page = pages[offset] ?? { rows: 0, next: null };
      await new Promise((resolve) => setTimeout(resolve, page.delay ?? 0));
      const data = Array.from({ length: page.rows }, (_, i) => ({ id: `${offset}-${i}` }));
      return { action: 'query', data, metadata: { next: { offset: page.next } } };
    },
  };
}

describe('queryPagesAsTheyCome', () => {
  it('reads every row once, whatever order the pages come in', async () => {
    const table = fakeTable(1000);
    const read = await readAll(table.runner, { pageSize: 9, concurrency: 5 });
    expect(read.count).toBe(1000);
    expect([...read.rows].sort(byId)).toEqual(table.rows);
    expect(table.maxInFlight()).toBeLessThanOrEqual(5);
    expect(table.maxInFlight()).toBeGreaterThan(1);
  });

  it('reads a table of one page in one request', async () => {
    const table = fakeTable(3);
    const read = await readAll(table.runner, { concurrency: 8 });
    expect(read.rows).toEqual(table.rows);
    expect(table.expressions).toHaveLength(1);
  });

  it('takes the page step the server uses when it caps the page size', async () => {
    const table = fakeTable(100, 6);
    const progress: number[] = [];
    const read = await readAll(table.runner, {
      pageSize: 10,
      concurrency: 3,
      onPage: (n) => progress.push(n),
    });
    expect([...read.rows].sort(byId)).toEqual(table.rows);
    expect(progress.at(-1)).toBe(100);
    const offsets = table.expressions.map((e) => Number(/offset (\d+) limit \d+$/.exec(e)![1]));
    expect(offsets.every((offset) => offset % 6 === 0)).toBe(true);
    // The first page at the size asked, the others at the size the server answers.
    expect(table.expressions[0]).toMatch(/limit 10$/);
    expect(table.expressions.slice(1).every((e) => e.endsWith('limit 6'))).toBe(true);
  });

  it('holds the same rows as sequential paging for any size, page size, cap and concurrency', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 6 }),
        async (size, pageSize, cap, concurrency) => {
          const table = fakeTable(size, cap);
          const read = await readAll(table.runner, { pageSize, concurrency });
          expect(read.count).toBe(size);
          expect([...read.rows].sort(byId)).toEqual(table.rows);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('accepts a server that names the empty page after a table that fills its pages', async () => {
    const read = await readAll(
      scripted({ 0: { rows: 5, next: 5 }, 5: { rows: 5, next: 10 }, 10: { rows: 0, next: null } }),
      { pageSize: 5, concurrency: 4 },
    );
    expect(read.count).toBe(10);
  });

  it('refuses a page that breaks the step (rows would be missed or read twice)', async () => {
    const runner = scripted({
      0: { rows: 5, next: 5 },
      5: { rows: 4, next: 9 },
      9: { rows: 5, next: 14 },
      14: { rows: 1, next: null },
    });
    await expect(readAll(runner, { pageSize: 5, concurrency: 4 })).rejects.toThrow(
      /paged inconsistently: a page at offset 5 holds 4 rows and names 9/,
    );
  });

  it('refuses rows past the last page (the table changed while it was read)', async () => {
    // Page 15 is slow, so pages 20 and 25 are asked for before the end is known; 15 says
    // it is the last, yet 20 holds rows.
    const runner = scripted({
      0: { rows: 5, next: 5 },
      5: { rows: 5, next: 10 },
      10: { rows: 5, next: 15 },
      15: { rows: 2, next: null, delay: 40 },
      20: { rows: 5, next: 25 },
    });
    await expect(readAll(runner, { pageSize: 5, concurrency: 4 })).rejects.toThrow(
      /table changed while it was read \(at offset 20\)/,
    );
  });

  it('refuses a short page before the last one (rows would be missed)', async () => {
    const runner = scripted({
      0: { rows: 5, next: 5 },
      5: { rows: 5, next: 10 },
      10: { rows: 2, next: null, delay: 30 },
      15: { rows: 3, next: null },
    });
    await expect(readAll(runner, { pageSize: 5, concurrency: 4 })).rejects.toThrow(
      MalformedResponseError,
    );
  });

  it('refuses a first page whose next offset does not match its rows', async () => {
    const runner = scripted({ 0: { rows: 3, next: 5 } });
    await expect(readAll(runner, { pageSize: 5 })).rejects.toThrow(/a first page at offset 0/);
  });

  it('passes on the error of a page and leaves no rejection unhandled', async () => {
    let calls = 0;
    const runner: QueryRunner = {
      query: (expression) => {
        calls++;
        if (/offset 0 /.test(expression)) {
          return Promise.resolve({
            action: 'query',
            data: [{ id: 'a' }],
            metadata: { next: { offset: 1 } },
          });
        }
        return Promise.reject(new Error(`boom ${calls}`));
      },
    };
    await expect(readAll(runner, { pageSize: 1, concurrency: 4 })).rejects.toThrow(/^boom/);
  });
});
