/**
 * The servers the bench measures against: the emulator at a fixed latency (`0`, `25`: no
 * other limit), or the realistic server model (`real`, issue 25).
 */
export interface ServerModel {
  /** `0 ms`, `25 ms` or `real`: how tables and targets name it. */
  label: string;
  /** Added to every request (ms). */
  latencyMs: number;
  /** Added per operation and per entity a query returns, nested ones included (ms). */
  perRowMs?: number;
  /** Requests served at once (the others queue). */
  workers?: number;
  /** Rows per answer at most. */
  pageSizeLimit?: number;
}

/**
 * The realistic server model: a hosted ftrack server seen from a studio on another
 * continent, with a few server processes.
 *
 * - 100 ms a request: a transatlantic round trip plus TLS and the proxy in front of it.
 * - 0.02 ms a row (20 µs): ftrack's server is Python; SQLAlchemy's own benchmark
 *   (`examples/performance/large_resultsets`, 500,000 rows) loads Core rows in ~6 µs a row
 *   and full ORM objects in 30–45 µs a row, before any JSON is encoded, so 20 µs is a
 *   low estimate of loading and encoding one row. A 500-row page costs 10 ms, a 2,000-row
 *   one 40 ms; every nested entity of an answer is a row loaded too, and costs the same.
 * - 4 workers: a small hosted instance (a few server processes); the emulator's worker
 *   holds a request from its latency to its answer.
 * - 500 rows a page at most: the official Python client's page size, the most any client
 *   is known to be served.
 */
export const REALISTIC: Readonly<ServerModel> = {
  label: 'real',
  latencyMs: 100,
  perRowMs: 0.02,
  workers: 4,
  pageSizeLimit: 500,
};

/** `0,25,real` → the server models, in the order given. */
export function parseServerModels(list: string): ServerModel[] {
  return list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      if (item === REALISTIC.label) return { ...REALISTIC };
      const ms = Number(item);
      if (!Number.isFinite(ms) || ms < 0)
        throw new Error(`--latencies: "${item}" is neither a number of ms ≥ 0 nor "real".`);
      return { label: `${ms} ms`, latencyMs: ms };
    });
}

/** The emulator options of a model (`startEmulator`'s names). */
export function emulatorOptions(model: ServerModel): Record<string, number> {
  const options: Record<string, number> = { latencyMs: model.latencyMs };
  if (model.perRowMs !== undefined) options['perRowMs'] = model.perRowMs;
  if (model.workers !== undefined) options['workers'] = model.workers;
  if (model.pageSizeLimit !== undefined) options['pageSizeLimit'] = model.pageSizeLimit;
  return options;
}
