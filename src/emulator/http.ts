import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  HEADER_API_KEY,
  HEADER_API_OPTIONS,
  HEADER_STRICT_API,
  HEADER_USER,
} from '../wire/index.js';
import type { RateLimiter, WorkerPool } from './admission.js';
import { isStrictApi, parseApiOptions } from './api-options.js';
import { normaliseResponse } from './encode.js';
import { EmulatorError, invalidCredentialsError, validationError } from './errors.js';
import { executeBatch, isWriteOperation, type BatchOptions } from './execute.js';
import type { Fault, FaultQueue } from './faults.js';
import { answerRateLimited, answerTooLarge, readBody, workUnits } from './http-limits.js';
import { QUERY_SCHEMAS } from './schemas.js';
import type { EmulatorState } from './state.js';

/** What the HTTP handler needs from the running emulator. */
export interface ApiContext {
  state: EmulatorState;
  faults: FaultQueue;
  latencyMs: () => number;
  /** Passed to every batch: page size cap, behaviour, persistence. */
  batch: Omit<BatchOptions, 'caller' | 'strict'>;
  /** Waited per operation and per entity its queries return (nested ones too), after the batch ran. */
  perRowMs: number;
  maxBodyBytes?: number;
  rateLimiter?: RateLimiter;
  workers?: WorkerPool;
  /** Called once per request to /api with the parsed body (counters, request log). */
  record: (body: unknown) => void;
  /** Counts a request refused at the HTTP level (429, 413). */
  recordRefusal: (status: number) => void;
}

const SKIP_NORMALISE: ReadonlySet<unknown> = new Set([QUERY_SCHEMAS]);

/** Handles one HTTP request: `POST /api` (also `//api`), everything else is 404/405. */
export async function handleHttp(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (!/^\/+api\/?$/.test(path))
    return plain(res, 404, 'Not found: the API endpoint is POST /api.');
  if (req.method !== 'POST') return plain(res, 405, 'Method not allowed: use POST /api.');
  const retryAfter = ctx.rateLimiter?.admit();
  const { text, tooLarge } = await readBody(req, ctx.maxBodyBytes);
  const { body, bodyError } = tooLarge ? {} : parseBody(text);
  ctx.record(body);
  if (retryAfter !== undefined && ctx.rateLimiter !== undefined) {
    ctx.recordRefusal(429);
    return answerRateLimited(res, ctx.rateLimiter.perSecond, retryAfter);
  }
  if (tooLarge && ctx.maxBodyBytes !== undefined) {
    ctx.recordRefusal(413);
    return answerTooLarge(res, ctx.maxBodyBytes);
  }
  const serve = () => serveRequest(ctx, req, res, body, bodyError);
  await (ctx.workers === undefined ? serve() : ctx.workers.run(serve));
}

function parseBody(text: string): { body?: unknown; bodyError?: EmulatorError } {
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { bodyError: validationError('The request body is not valid JSON.') };
  }
}

/** Latency, faults, the batch, the per-row time, the answer: what one worker does. */
async function serveRequest(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  bodyError: EmulatorError | undefined,
): Promise<void> {
  const latency = ctx.latencyMs();
  if (latency > 0) await sleep(latency);
  const write = Array.isArray(body) && body.some(isWriteOperation);
  const fault = ctx.faults.take(write);
  if (fault?.kind === 'delay') await sleep(fault.ms);
  if (answerFaultBeforeCommit(fault, req, res)) return;
  const strictStatus = isStrictApi(header(req, HEADER_STRICT_API));
  const { status, payload, units } = runRequest(ctx, req, body, bodyError);
  if (ctx.perRowMs > 0 && units > 0) await sleep(ctx.perRowMs * units);
  const json = JSON.stringify(payload);
  if (fault?.kind === 'reset-after-commit') return void req.socket.destroy();
  if (fault?.kind === 'truncated-body') {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
    });
    res.write(json.slice(0, Math.floor(json.length / 2)));
    return void res.socket?.destroy();
  }
  const code = status === 200 || strictStatus ? status : 200;
  res.writeHead(code, { 'content-type': 'application/json; charset=utf-8' });
  res.end(json);
}

function runRequest(
  ctx: ApiContext,
  req: IncomingMessage,
  body: unknown,
  bodyError: EmulatorError | undefined,
): { status: number; payload: unknown; units: number } {
  try {
    const caller = ctx.state.authenticate(header(req, HEADER_USER), header(req, HEADER_API_KEY));
    if (caller === undefined) throw invalidCredentialsError();
    const options = parseApiOptions(header(req, HEADER_API_OPTIONS));
    if (bodyError !== undefined) throw bodyError;
    const results = executeBatch(ctx.state, body, {
      ...ctx.batch,
      caller,
      strict: options.strict,
    });
    return {
      status: 200,
      units: ctx.perRowMs > 0 ? workUnits(body, results) : 0, // walked only when charged
      payload: options.denormalize ? results : normaliseResponse(results, SKIP_NORMALISE),
    };
  } catch (error) {
    const known =
      error instanceof EmulatorError
        ? error
        : new EmulatorError('ServerError', `Internal emulator error: ${(error as Error).message}`);
    return {
      status: known.strictStatus(),
      payload: known.toResponse(),
      units: ctx.perRowMs > 0 ? workUnits(body, undefined) : 0,
    };
  }
}

/** Faults that answer without running the batch; true when the response is done. */
function answerFaultBeforeCommit(
  fault: Fault | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (fault === undefined) return false;
  if (fault.kind === 'reset-before-commit') {
    req.socket.destroy();
    return true;
  }
  if (fault.kind === 'status') {
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
    if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
    res.writeHead(fault.status, headers);
    res.end(`HTTP ${fault.status} (injected by the emulator)`);
    return true;
  }
  if (fault.kind === 'malformed-body') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    return true;
  }
  return false;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
