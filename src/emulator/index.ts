import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RateLimiter, WorkerPool } from './admission.js';
import { EmulatorError } from './errors.js';
import { executeBatch, type BatchOptions } from './execute.js';
import { FaultQueue, type Fault } from './faults.js';
import { handleHttp, type ApiContext } from './http.js';
import { saveState } from './persist.js';
import { prepareState, type StateOptions } from './prepare-state.js';
import { RequestLog } from './request-log.js';
import { behaviourOf } from './server-options.js';
import { takeSnapshot, type EmulatorSnapshot } from './snapshot.js';
import type { EmulatorState } from './state.js';
import { lockStateFile, type StateLock } from './state-lock.js';

export { EmulatorError, EmulatorSetupError } from './errors.js';
export type { Fault, FaultScope } from './faults.js';
export type { EmulatorSeed, SeedScope } from './seed.js';
export { prepareState } from './prepare-state.js';
export type { EmulatorSnapshot } from './snapshot.js';
export { computeSchemaHash, pythonJsonDumps } from './schema-hash.js';
export { schemaHashOfServer } from './server-information.js';
export { describeServerOptions } from './server-options.js';
export type { AddRoleScope, Collation } from './server-options.js';

/**
 * The data (`seed`, `seedFile`, `stateFile`), the address, and a real server's limits and
 * unknowns (`pageSizeLimit`, `latencyMs`, `perRowMs`, `workers`, `maxBodyBytes`,
 * `rateLimit`, `addRoleScope`, `grantAllOpenKeepsProjects`, `collation`; docs/emulator.md).
 */
export interface EmulatorOptions extends StateOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
}

export interface Emulator {
  readonly url: string;
  stop(): Promise<void>;
  /** HTTP requests to /api since start or the last reset. */
  requestCount(): number;
  /** Of those, the ones refused by `rateLimit` (429) or `maxBodyBytes` (413): nothing ran. */
  refusedCount(status: 429 | 413): number;
  /** Operations received over HTTP, per action. */
  operationCounts(): Record<string, number>;
  /** The operation arrays received over HTTP, in order. */
  requests(): unknown[][];
  resetCounters(): void;
  setLatency(ms: number): void;
  injectFault(fault: Fault): void;
  /** Runs a batch in-process exactly as /api would; throws EmulatorError on error. Without
   * `asUser` the call bypasses permission checks. */
  call(operations: unknown[], options?: { asUser?: string }): Promise<unknown[]>;
  snapshot(): EmulatorSnapshot;
}

/** Starts an emulator listening on `host:port` (default 127.0.0.1, a free port). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const lock = options.stateFile === undefined ? undefined : lockStateFile(options.stateFile);
  try {
    return await startLocked(options, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function startLocked(options: EmulatorOptions, lock?: StateLock): Promise<Emulator> {
  const state = prepareState(options);
  const stateFile = options.stateFile;
  const persist = stateFile === undefined ? undefined : () => saveState(stateFile, state);
  const batch: Omit<BatchOptions, 'caller' | 'strict'> = {
    behaviour: behaviourOf(options),
    pageSizeLimit: options.pageSizeLimit,
    persist,
  };
  const faults = new FaultQueue();
  let latency = options.latencyMs ?? 0;
  const log = new RequestLog();
  const ctx = apiContext(options, { state, faults, batch, log, latencyMs: () => latency });
  const server = createServer((req, res) => {
    handleHttp(ctx, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`emulator failure: ${(error as Error).message}`);
    });
  });
  const host = options.host ?? '127.0.0.1';
  await listen(server, host, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    stop: () => close(server).finally(() => lock?.release()),
    requestCount: () => log.requestCount(),
    refusedCount: (status) => log.refusedCount(status),
    operationCounts: () => log.operationCounts(),
    requests: () => log.requests(),
    resetCounters: () => log.reset(),
    setLatency: (ms) => {
      latency = ms;
    },
    injectFault: (fault) => faults.add(fault),
    call: (operations, callOptions = {}) =>
      new Promise((resolve) => {
        resolve(callInProcess(state, operations, callOptions.asUser, batch));
      }),
    snapshot: () => takeSnapshot(state),
  };
}

/** The HTTP side: the batch options plus the limits that only apply over HTTP. */
function apiContext(
  options: EmulatorOptions,
  parts: Pick<ApiContext, 'state' | 'faults' | 'batch' | 'latencyMs'> & { log: RequestLog },
): ApiContext {
  const { log, ...rest } = parts;
  return {
    ...rest,
    record: (body) => log.record(body),
    recordRefusal: (status) => log.recordRefusal(status),
    perRowMs: options.perRowMs ?? 0,
    maxBodyBytes: options.maxBodyBytes,
    rateLimiter: options.rateLimit === undefined ? undefined : new RateLimiter(options.rateLimit),
    workers: options.workers === undefined ? undefined : new WorkerPool(options.workers),
  };
}

function callInProcess(
  state: EmulatorState,
  operations: unknown[],
  asUser: string | undefined,
  batch: Omit<BatchOptions, 'caller' | 'strict'>,
): unknown[] {
  let caller = null;
  if (asUser !== undefined) {
    caller = state.store.find('User', 'username', asUser)[0] ?? null;
    if (caller === null)
      throw new EmulatorError('ValidationError', `No user "${asUser}" to act as.`);
  }
  return structuredClone(executeBatch(state, operations, { ...batch, caller, strict: false }));
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops listening and drops open connections; stopping twice is harmless. */
function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
