import type { QueryRunner } from '../../../src/session/index.js';
import type { QueryResult } from '../../../src/wire/index.js';

/** An in-memory table that answers `... offset N limit M` like the protocol notes say. */
export function fakeTable(size: number, cap = Infinity) {
  const rows = Array.from({ length: size }, (_, i) => ({ id: `id-${String(i).padStart(6, '0')}` }));
  const expressions: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const runner: QueryRunner = {
    async query(expression: string): Promise<QueryResult> {
      expressions.push(expression);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      inFlight--;
      const m = /order by id offset (\d+) limit (\d+)$/.exec(expression);
      if (!m) throw new Error(`unpaged query: ${expression}`);
      const offset = Number(m[1]);
      const limit = Math.min(Number(m[2]), cap);
      const data = rows.slice(offset, offset + limit);
      const next = offset + limit < rows.length ? offset + limit : null;
      return { action: 'query', data, metadata: { next: { offset: next } } };
    },
  };
  return { rows, runner, expressions, maxInFlight: () => maxInFlight };
}
