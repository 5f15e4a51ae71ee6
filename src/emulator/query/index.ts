import type { QueryResult } from '../../wire/index.js';
import type { Collation } from '../server-options.js';
import type { Row, Store } from '../store.js';
import { compileQuery, type CompiledQuery } from './compile.js';
import { comparable, Evaluator } from './evaluate.js';
import { parseQuery } from './parse.js';
import { buildProjection, encodeEntity } from './project.js';

export interface QueryOptions {
  /** Strict API option: only the primary key and requested attributes are returned. */
  strict: boolean;
  /** Optional cap on rows per answer; `metadata.next.offset` then points at the rest. */
  pageSizeLimit?: number;
  /** How string comparisons treat case (default binary). */
  collation?: Collation;
}

interface CacheEntry {
  version: number;
  ids: string[];
}

/**
 * Runs `query` actions. Matching, ordered id lists are cached per (type, where, order by)
 * and store version, so paging through a large table costs one scan, then slices.
 */
export class QueryEngine {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly store: Store) {}

  run(expression: string, options: QueryOptions): QueryResult {
    const query = compileQuery(parseQuery(expression), expression);
    const collation = options.collation ?? 'binary';
    const evaluator = new Evaluator(this.store, collation);
    const ids = this.matchingIds(query, evaluator, expression, collation);
    const start = query.offset;
    let limit = query.limit ?? Infinity;
    if (options.pageSizeLimit !== undefined) limit = Math.min(limit, options.pageSizeLimit);
    const end = Math.min(ids.length, start + limit);
    const projection = buildProjection(query.select);
    const data = [];
    for (let i = start; i < end; i++) {
      const row = this.store.get(query.entityType, ids[i])!;
      data.push(encodeEntity(evaluator, query.entityType, row, projection, options.strict));
    }
    const next = end < ids.length ? end : null;
    return { action: 'query', data, metadata: { next: { offset: next } } };
  }

  private matchingIds(
    query: CompiledQuery,
    evaluator: Evaluator,
    expression: string,
    collation: Collation,
  ): string[] {
    const key = `${collation}\u0000${cacheKey(query, expression)}`;
    const hit = this.cache.get(key);
    if (hit !== undefined && hit.version === this.store.version) return hit.ids;
    let rows = evaluator.filter(query.entityType, query.where);
    if (query.orderBy.length > 0) rows = sortRows(rows, query, evaluator);
    const ids = rows.map((r) => r.id);
    this.cache.delete(key);
    this.cache.set(key, { version: this.store.version, ids });
    if (this.cache.size > 32) this.cache.delete(this.cache.keys().next().value!);
    return ids;
  }
}

/** The expression without its trailing offset/limit, plus the type (paging reuses entries). */
function cacheKey(query: CompiledQuery, expression: string): string {
  const head = expression.replace(/(\s+(offset|limit)\s+\d+)+\s*$/, '');
  return `${query.entityType}\u0000${head}`;
}

function sortRows(rows: Row[], query: CompiledQuery, evaluator: Evaluator): Row[] {
  const extractors = query.orderBy.map(({ path }): ((row: Row) => unknown) => {
    const [only] = path.steps;
    if (path.steps.length === 1 && only?.kind === 'scalar') {
      const column = only.column;
      return (row) => comparable(row[column] ?? null);
    }
    return (row) => comparable(evaluator.values(row, path)[0] ?? null);
  });
  if (extractors.length === 1)
    return sortByOneKey(rows, extractors[0]!, query.orderBy[0]!.descending);
  const descending = query.orderBy.map((k) => k.descending);
  const decorated = rows.map((row) => ({ row, keys: extractors.map((f) => f(row)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < descending.length; i++) {
      const c = compareSortValues(a.keys[i], b.keys[i]);
      if (c !== 0) return descending[i] ? -c : c;
    }
    return 0;
  });
  return decorated.map((d) => d.row);
}

/** The common case (`order by id`): one key, no per-comparison arrays. */
function sortByOneKey(rows: Row[], extract: (row: Row) => unknown, descending: boolean): Row[] {
  const decorated = rows.map((row) => ({ row, key: extract(row) }));
  const sign = descending ? -1 : 1;
  decorated.sort((a, b) => {
    const x = a.key;
    const y = b.key;
    if (typeof x === 'string' && typeof y === 'string') return x < y ? -sign : x > y ? sign : 0;
    return sign * compareSortValues(x, y);
  });
  return decorated.map((d) => d.row);
}

/** Nulls first, then by value (numbers numerically, strings by code unit). */
function compareSortValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a ? 1 : -1;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
