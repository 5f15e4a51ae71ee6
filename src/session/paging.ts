import { MalformedResponseError, UsageError } from '../diagnostics/index.js';
import type { EntityData, QueryResult } from '../wire/index.js';
import { DEFAULT_CONCURRENCY } from './request-gate.js';
import { plural } from '../model/index.js';

/** What `queryAll` needs of a session. */
export interface QueryRunner {
  query(expression: string): Promise<QueryResult>;
  /** Rows per page this runner reads by default (a session's `--page-size`). */
  readonly pageSize?: number;
  /**
   * Requests this runner lets in flight now (a session's `--concurrency`, halved on HTTP
   * 429): no more pages than this are read ahead.
   */
  readonly concurrency?: number;
}

/**
 * Rows per page by default. Larger pages than the Python client's 500 cut the requests by
 * four (a server that caps pages lower is followed through `metadata.next.offset`).
 */
export const DEFAULT_PAGE_SIZE = 2000;

export interface QueryAllOptions {
  /** Rows per page (`limit`). Default: the runner's, else DEFAULT_PAGE_SIZE (2000). */
  pageSize?: number;
  /**
   * Pages in flight at most; 1 pages strictly one after the other. Default: the runner's
   * concurrency (which may change while a read goes on), else DEFAULT_CONCURRENCY (4); never more than the
   * runner's.
   */
  concurrency?: number;
  /** Called after each page with the rows read so far. */
  onPage?: (rowsSoFar: number) => void;
}

/**
 * Reads every row of a query: `<base> order by id offset N limit M` until
 * `metadata.next.offset` is null. The first page is read alone (small tables cost one
 * request); then the pages in flight double with every page read (2, 4, …) up to
 * `concurrency`, requested ahead at the offsets the server's page step predicts (the step
 * of the last page: `next - offset`, which is the server's cap when it cuts pages shorter
 * than asked; later pages are asked at that size). A page is used only at the offset the
 * previous page named as next, so the rows equal those of strictly sequential paging; a
 * wrong guess is discarded.
 */
export async function queryAll(
  session: QueryRunner,
  baseExpression: string,
  options: QueryAllOptions = {},
): Promise<EntityData[]> {
  const rows: EntityData[] = [];
  await queryPages(
    session,
    baseExpression,
    (page) => {
      for (const row of page) rows.push(row);
    },
    options,
  );
  return rows;
}

/**
 * Pages through a query like queryAll, but hands every page to `consume` in order (once,
 * before the next page is used) instead of keeping the rows: a caller that converts rows
 * page by page holds no raw rows beyond the pages in flight. Resolves to the row count.
 */
export async function queryPages(
  session: QueryRunner,
  baseExpression: string,
  consume: (rows: readonly EntityData[]) => void,
  options: QueryAllOptions = {},
): Promise<number> {
  const { pageSize, concurrency } = pagingSettings(session, baseExpression, options);
  const inFlight = new Map<number, Promise<QueryResult>>();
  // After the first page, pages are asked at the size the server answered (a server that
  // caps them need not cut a larger page each time).
  let limit = pageSize;
  const fetchPage = (offset: number): Promise<QueryResult> => {
    let page = inFlight.get(offset);
    if (page === undefined) {
      page = session.query(`${baseExpression} order by id offset ${offset} limit ${limit}`);
      page.catch(() => undefined); // a discarded guess must not be an unhandled rejection
      inFlight.set(offset, page);
    }
    return page;
  };
  let count = 0;
  let offset = 0;
  let step = pageSize;
  try {
    for (let pages = 0; ; pages++) {
      const ahead = Math.min(concurrency(), 2 ** pages); // 1, 2, 4, …: small tables waste little
      for (let k = 1; k < ahead; k++) void fetchPage(offset + k * step);
      const page = await fetchPage(offset);
      inFlight.delete(offset);
      consume(page.data);
      count += page.data.length;
      options.onPage?.(count);
      const next = page.metadata.next.offset;
      if (next === null) return count;
      if (next <= offset || page.data.length === 0) {
        throw new MalformedResponseError(
          `A query page at offset ${offset} with ${plural(page.data.length, 'row')} named ${next} as next.`,
        );
      }
      step = next - offset;
      limit = Math.min(pageSize, step);
      for (const key of inFlight.keys()) if (key <= offset) inFlight.delete(key);
      offset = next;
    }
  } finally {
    inFlight.clear();
  }
}

/**
 * The page size and pages in flight of a paged read (defaults filled in, the runner's
 * current concurrency read at every step), after checking them and the base expression.
 */
export function pagingSettings(
  session: QueryRunner,
  baseExpression: string,
  options: QueryAllOptions,
): { pageSize: number; concurrency: () => number } {
  const pageSize = options.pageSize ?? session.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new UsageError('pageSize must be ≥ 1.');
  assertPageable(baseExpression);
  const asked = options.concurrency;
  const concurrency = (): number =>
    Math.max(1, Math.min(asked ?? Infinity, session.concurrency ?? asked ?? DEFAULT_CONCURRENCY));
  return { pageSize, concurrency };
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
