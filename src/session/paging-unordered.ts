import { MalformedResponseError } from '../diagnostics/index.js';
import type { EntityData, QueryResult } from '../wire/index.js';
import { pagingSettings, type QueryAllOptions, type QueryRunner } from './paging.js';
import { plural } from '../model/index.js';

/**
 * Pages through a query like queryPages, but hands each page to `consume` as soon as it
 * arrives, in whatever order the pages come: for callers whose result does not depend on
 * the order of the rows (a join, a count). A page converted on arrival is garbage at once,
 * instead of waiting, parsed, for the pages before it (which, on a large table, makes the
 * parsed rows outlive the young generation and grows the heap).
 *
 * The first page is read alone and gives the server's page step (`next - 0`). Then up to
 * `concurrency` pages are in flight at the offsets that step predicts. Since pages are used
 * before the chain of `next` offsets reaches them, the step must hold: every page before
 * the last must hold exactly `step` rows and name `offset + step` as next, the last page
 * names null, and every page past it must be empty. A server that pages otherwise, or a
 * table that changes while it is read, is an InconsistentPagingError, never a wrong
 * result; it is thrown only once no page is in flight, so nothing is handed out after it.
 * Resolves to the row count.
 */
export async function queryPagesAsTheyCome(
  session: QueryRunner,
  baseExpression: string,
  consume: (rows: readonly EntityData[]) => void,
  options: QueryAllOptions = {},
): Promise<number> {
  const { pageSize, concurrency } = pagingSettings(session, baseExpression, options);
  const ask = (offset: number, limit = pageSize): Promise<QueryResult> =>
    session.query(`${baseExpression} order by id offset ${offset} limit ${limit}`);
  let count = 0;
  const take = (rows: readonly EntityData[]): void => {
    consume(rows);
    count += rows.length;
    options.onPage?.(count);
  };
  const first = await ask(0);
  const step = first.metadata.next.offset;
  if (step !== null && (step <= 0 || first.data.length !== step)) {
    throw inconsistent(0, first, 'a first page');
  }
  take(first.data);
  if (step === null) return count;
  const paging = new StepPaging(step);
  const inFlight = new Set<Promise<void>>();
  let failure: Error | undefined;
  let done = 0;
  for (let offset = step; ;) {
    // 2, 4, 8, … pages in flight as pages come back: a small table wastes few requests.
    const allowed = Math.min(concurrency(), 2 ** (done + 1));
    while (failure === undefined && inFlight.size < allowed && !paging.isPast(offset)) {
      const at = offset;
      // Asked at the size the server answered: its cap, when it cuts pages shorter.
      const page: Promise<void> = ask(at, Math.min(pageSize, step)).then(
        (result) => {
          inFlight.delete(page);
          done++;
          if (failure !== undefined) return; // the read has failed: nothing more is handed out
          paging.check(at, result);
          take(result.data);
        },
        (error: unknown) => {
          inFlight.delete(page);
          throw error;
        },
      );
      page.catch((error: unknown) => {
        failure ??= error instanceof Error ? error : new Error(String(error));
      });
      inFlight.add(page);
      offset += step;
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight).catch(() => undefined);
  }
  if (failure !== undefined) throw failure;
  paging.assertComplete();
  return count;
}

/**
 * The pages of a read taken as they come do not fit together (see queryPagesAsTheyCome).
 * Its rows were already handed out: the caller drops them and reads the table again in
 * order (queryPages follows any paging).
 */
export class InconsistentPagingError extends MalformedResponseError {}

/** What the pages read so far say about where the table ends. */
class StepPaging {
  /** The smallest offset whose page named null as next: the last page, or past it. */
  #end: number | undefined;
  /** Offset → rows, of every page after the first. */
  readonly #pages = new Map<number, number>();

  constructor(readonly step: number) {}

  /** True when `offset` is past a page that named null as next (nothing more to ask). */
  isPast(offset: number): boolean {
    return this.#end !== undefined && offset > this.#end;
  }

  /** Checks one page on its own: a full page names the next step, a last one is not over-full. */
  check(offset: number, page: QueryResult): void {
    const next = page.metadata.next.offset;
    const rows = page.data.length;
    if (next === null ? rows > this.step : next !== offset + this.step || rows !== this.step) {
      throw inconsistent(offset, page, next === null ? 'a last page' : 'a page');
    }
    this.#pages.set(offset, rows);
    if (next === null && (this.#end === undefined || offset < this.#end)) this.#end = offset;
  }

  /**
   * Once every page is in: the pages before the last are all there and full, and none
   * past the last holds rows (an empty last page ends a table that fills its pages).
   */
  assertComplete(): void {
    const end = this.#end;
    if (end === undefined) throw changed(-1);
    for (let offset = this.step; offset < end; offset += this.step) {
      if (this.#pages.get(offset) !== this.step) throw changed(offset);
    }
    for (const [offset, rows] of this.#pages) if (offset > end && rows > 0) throw changed(offset);
  }
}

function inconsistent(offset: number, page: QueryResult, what: string): InconsistentPagingError {
  return new InconsistentPagingError(
    `The server paged inconsistently: ${what} at offset ${offset} holds ${plural(page.data.length, 'row')} and names ${String(page.metadata.next.offset)} as next.`,
  );
}

function changed(offset: number): InconsistentPagingError {
  return new InconsistentPagingError(
    `The table changed while it was read (at offset ${offset}); run the command again.`,
  );
}
