import { createRequire } from 'node:module';
import type * as Undici from 'undici';
import type { Dispatcher, Pool } from 'undici';

/** What the session needs of undici: its connection pool and the request of its API. */
export interface PoolModule {
  Pool: typeof Pool;
  /** `dispatcher.request(options)` (a pool, or a proxy agent). */
  request: (
    dispatcher: Dispatcher,
    options: Dispatcher.RequestOptions,
  ) => Promise<Dispatcher.ResponseData>;
}

const require = createRequire(import.meta.url);
let loaded: PoolModule | undefined;

/**
 * Loads undici's Pool and request API alone: undici's index also loads its fetch, mock,
 * proxy, cache and WebSocket code, which the session never uses, and that is about half of
 * the CLI's start-up before its first request (measured: 22 ms for these two files, 54 ms
 * for the index, Node 20). undici has no exports map, so its files are reachable; if a
 * release moves them, the index is used instead (same classes).
 */
export function loadPoolModule(): PoolModule {
  loaded ??= loadParts() ?? loadIndex();
  return loaded;
}

function loadParts(): PoolModule | undefined {
  try {
    const PoolClass = require('undici/lib/dispatcher/pool.js') as unknown;
    const request = require('undici/lib/api/api-request.js') as unknown;
    if (typeof PoolClass !== 'function' || typeof request !== 'function') return undefined;
    const send = request as (
      this: Dispatcher,
      options: Dispatcher.RequestOptions,
    ) => Promise<Dispatcher.ResponseData>;
    return {
      Pool: PoolClass as typeof Pool,
      request: (dispatcher, options) => send.call(dispatcher, options),
    };
  } catch {
    return undefined;
  }
}

/** undici's index: the fallback (exported for its test). */
export function loadIndex(): PoolModule {
  const undici = require('undici') as typeof Undici;
  return { Pool: undici.Pool, request: (dispatcher, options) => dispatcher.request(options) };
}

/**
 * undici's ProxyAgent, loaded only when a proxy is used. It tunnels to the server with
 * CONNECT, through the `connect` API that undici's index installs on its dispatchers, so
 * it comes from the index (its own file alone lacks that API).
 */
export function loadProxyAgent(): typeof Undici.ProxyAgent {
  return (require('undici') as typeof Undici).ProxyAgent;
}

/** What openDispatcher needs: the timeouts of SessionTimeouts, the pool size, a proxy. */
export interface DispatcherOptions {
  timeouts: { connectMs: number; headersMs: number; bodyMs: number };
  connections: number;
  /** A proxy URL (http or https), reached with CONNECT. */
  proxy?: string;
  /** The certificates (PEM) trusted for the server's TLS, instead of Node's store. */
  ca?: string;
}

/**
 * The keep-alive pool to the server's origin (or a proxy agent tunnelling to it) and the
 * function that sends one request through it.
 */
export function openDispatcher(
  url: URL,
  options: DispatcherOptions,
): {
  pool: Dispatcher;
  send: (request: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
} {
  const undici = loadPoolModule();
  const { timeouts } = options;
  const connect = {
    timeout: timeouts.connectMs,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  };
  const pooling = {
    connections: options.connections,
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
    keepAliveTimeout: 4_000,
  };
  if (options.proxy === undefined) {
    const pool = new undici.Pool(url.origin, { ...pooling, connect });
    return { pool, send: (request) => undici.request(pool, request) };
  }
  const ProxyAgent = loadProxyAgent();
  const pool = new ProxyAgent({ uri: options.proxy, ...pooling, requestTls: connect });
  const origin = url.origin;
  return { pool, send: (request) => undici.request(pool, { ...request, origin }) };
}
