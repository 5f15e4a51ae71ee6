import { MalformedResponseError } from '../diagnostics/index.js';
import type { EntityData, QueryResult } from '../wire/index.js';

/**
 * Checks that a result is a query answer: `{action: 'query', data: [...], metadata:
 * {next: {offset: number | null}}}`. Anything else is a MalformedResponseError.
 */
export function readQueryResult(result: unknown): QueryResult {
  if (typeof result !== 'object' || result === null) {
    throw new MalformedResponseError('A query answer is not an object.');
  }
  const record = result as Record<string, unknown>;
  const data = record['data'];
  if (!Array.isArray(data) || !data.every((row) => typeof row === 'object' && row !== null)) {
    throw new MalformedResponseError('A query answer has no list of rows in "data".');
  }
  const metadata = record['metadata'] as { next?: { offset?: unknown } } | undefined;
  const offset = metadata?.next?.offset;
  if (offset !== null && !(typeof offset === 'number' && Number.isInteger(offset) && offset >= 0)) {
    throw new MalformedResponseError('A query answer has no "metadata.next.offset".');
  }
  return { action: 'query', data: data as EntityData[], metadata: { next: { offset } } };
}
