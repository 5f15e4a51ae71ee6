import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { EmulatorError, EmulatorSetupError } from './errors.js';
import { executeBatch } from './execute.js';
import { FaultQueue, type Fault } from './faults.js';
import { handleHttp } from './http.js';
import { loadState, saveState } from './persist.js';
import { RequestLog } from './request-log.js';
import { loadSeed, readSeedFile, type EmulatorSeed } from './seed.js';
import { takeSnapshot, type EmulatorSnapshot } from './snapshot.js';
import { EmulatorState } from './state.js';
import { lockStateFile, type StateLock } from './state-lock.js';

export { EmulatorError, EmulatorSetupError } from './errors.js';
export type { Fault, FaultScope } from './faults.js';
export type { EmulatorSeed, SeedScope } from './seed.js';
export type { EmulatorSnapshot } from './snapshot.js';
export { computeSchemaHash, pythonJsonDumps } from './schema-hash.js';
export { schemaHashOfServer } from './server-information.js';

export interface EmulatorOptions {
  /** A parsed seed (product-spec §6 shape); or */
  seed?: EmulatorSeed;
  /** a YAML/JSON seed file. Used only when there is no state file yet. */
  seedFile?: string;
  /** Persisted after every committed write (atomic write); loaded at start if it exists. */
  stateFile?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Added to every request. */
  latencyMs?: number;
  /** Optional cap on rows per query answer. */
  pageSizeLimit?: number;
}

export interface Emulator {
  readonly url: string;
  stop(): Promise<void>;
  /** HTTP requests to /api since start or the last reset. */
  requestCount(): number;
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

/** Builds the state: the state file if it exists, otherwise the seed. */
export function prepareState(options: EmulatorOptions): EmulatorState {
  if (options.seed !== undefined && options.seedFile !== undefined) {
    throw new EmulatorSetupError('Give either a seed or a seed file, not both.');
  }
  const loaded = options.stateFile === undefined ? undefined : loadState(options.stateFile);
  if (loaded !== undefined) return loaded;
  const state = new EmulatorState();
  if (options.seedFile !== undefined)
    loadSeed(state, readSeedFile(options.seedFile), options.seedFile);
  else if (options.seed !== undefined) loadSeed(state, options.seed, 'seed');
  if (options.stateFile !== undefined) writeFirstState(options.stateFile, state);
  return state;
}

function writeFirstState(file: string, state: EmulatorState): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    saveState(file, state);
  } catch (error) {
    throw new EmulatorSetupError(
      `Cannot write the emulator state file ${file}: ${(error as Error).message}`,
      { cause: error },
    );
  }
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
  const faults = new FaultQueue();
  let latency = options.latencyMs ?? 0;
  const log = new RequestLog();
  const ctx = {
    state,
    faults,
    latencyMs: () => latency,
    record: (body: unknown) => log.record(body),
    ...(persist ? { persist } : {}),
    ...(options.pageSizeLimit !== undefined ? { pageSizeLimit: options.pageSizeLimit } : {}),
  };
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
    operationCounts: () => log.operationCounts(),
    requests: () => log.requests(),
    resetCounters: () => log.reset(),
    setLatency: (ms) => {
      latency = ms;
    },
    injectFault: (fault) => faults.add(fault),
    call: (operations, callOptions = {}) =>
      new Promise((resolve) => {
        resolve(
          callInProcess(state, operations, callOptions.asUser, persist, options.pageSizeLimit),
        );
      }),
    snapshot: () => takeSnapshot(state),
  };
}

function callInProcess(
  state: EmulatorState,
  operations: unknown[],
  asUser: string | undefined,
  persist: (() => void) | undefined,
  pageSizeLimit: number | undefined,
): unknown[] {
  let caller = null;
  if (asUser !== undefined) {
    caller = state.store.find('User', 'username', asUser)[0] ?? null;
    if (caller === null)
      throw new EmulatorError('ValidationError', `No user "${asUser}" to act as.`);
  }
  return structuredClone(
    executeBatch(state, operations, {
      caller,
      strict: false,
      ...(persist ? { persist } : {}),
      ...(pageSizeLimit !== undefined ? { pageSizeLimit } : {}),
    }),
  );
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
