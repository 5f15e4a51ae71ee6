import { MalformedResponseError, UsageError } from '../diagnostics/index.js';
import type { EntityData, QueryResult } from '../wire/index.js';

/** What `queryAll` needs of a session. */
export interface QueryRunner {
  query(expression: string): Promise<QueryResult>;
}

export interface QueryAllOptions {
  /** Rows per page (`limit`). Default 500. */
  pageSize?: number;
  /** Pages in flight at most. Default 8; 1 pages strictly one after the other. */
  concurrency?: number;
  /** Called after each page with the rows read so far. */
  onPage?: (rowsSoFar: number) => void;
}

/**
 * Reads every row of a query: `<base> order by id offset N limit M` until
 * `metadata.next.offset` is null. The first page is read alone (small tables cost one
 * request); then the pages in flight double with every page read (2, 4, …) up to
 * `concurrency`, requested ahead at the offsets the server's page step predicts. A page is used only at the offset the previous page named as next, so
 * the rows equal those of strictly sequential paging; a wrong guess is discarded.
 */
export async function queryAll(
  session: QueryRunner,
  baseExpression: string,
  options: QueryAllOptions = {},
): Promise<EntityData[]> {
  const pageSize = options.pageSize ?? 500;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new UsageError('pageSize must be ≥ 1.');
  assertPageable(baseExpression);
  const inFlight = new Map<number, Promise<QueryResult>>();
  const fetchPage = (offset: number): Promise<QueryResult> => {
    let page = inFlight.get(offset);
    if (page === undefined) {
      page = session.query(`${baseExpression} order by id offset ${offset} limit ${pageSize}`);
      page.catch(() => undefined); // a discarded guess must not be an unhandled rejection
      inFlight.set(offset, page);
    }
    return page;
  };
  const rows: EntityData[] = [];
  let offset = 0;
  let step = pageSize;
  try {
    for (let pages = 0; ; pages++) {
      const ahead = Math.min(concurrency, 2 ** pages); // 1, 2, 4, …: small tables waste little
      for (let k = 1; k < ahead; k++) void fetchPage(offset + k * step);
      const page = await fetchPage(offset);
      for (const row of page.data) rows.push(row);
      options.onPage?.(rows.length);
      const next = page.metadata.next.offset;
      if (next === null) return rows;
      if (next <= offset || page.data.length === 0) {
        throw new MalformedResponseError(
          `A query page at offset ${offset} with ${page.data.length} rows named ${next} as next.`,
        );
      }
      step = next - offset;
      for (const key of inFlight.keys()) if (key <= offset) inFlight.delete(key);
      offset = next;
    }
  } finally {
    inFlight.clear();
  }
}

/**
 * Refuses a base expression that already orders or pages (outside quoted values), since
 * paging appends its own `order by id offset N limit M`.
 */
export function assertPageable(expression: string): void {
  const unquoted = expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  if (/\b(order\s+by|offset|limit)\b/i.test(unquoted)) {
    throw new UsageError(`The paged query must not hold order by, offset or limit: ${expression}`);
  }
  if (!/^\s*select\s/i.test(unquoted)) {
    throw new UsageError(`The paged query must start with "select": ${expression}`);
  }
}
