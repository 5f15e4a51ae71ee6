import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorError } from './errors.js';

/** The body as text; `tooLarge` when it passed `maxBytes` (the rest is read and dropped). */
export async function readBody(
  req: IncomingMessage,
  maxBytes: number | undefined,
): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req) {
    bytes += (chunk as Buffer).length;
    if (maxBytes !== undefined && bytes > maxBytes) chunks.length = 0;
    else chunks.push(chunk as Buffer);
  }
  const tooLarge = maxBytes !== undefined && bytes > maxBytes;
  return { text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge };
}

/** Answers 429 (rate limit) with `Retry-After`; nothing of the request ran. */
export function answerRateLimited(res: ServerResponse, limit: number, retryAfter: number): void {
  refuse(
    res,
    429,
    `Too many requests: more than ${limit} in one second. Retry after ${retryAfter} s.`,
    { 'retry-after': String(retryAfter) },
  );
}

/** Answers 413 (body too large); nothing of the request ran. */
export function answerTooLarge(res: ServerResponse, maxBytes: number): void {
  refuse(res, 413, `The request body is larger than ${maxBytes} bytes; nothing was run.`);
}

/** An HTTP-level refusal with a body shaped like an ftrack error. */
function refuse(
  res: ServerResponse,
  status: number,
  content: string,
  headers: Record<string, string> = {},
): void {
  const json = JSON.stringify(new EmulatorError('ServerError', content).toResponse());
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(json);
}

/**
 * The work a batch stands for, for `perRowMs`: one unit per operation plus one per entity
 * its queries return, nested ones included (a server loads a row for each entity it
 * encodes, whether it is a top-level row or one of a relation's).
 */
export function workUnits(body: unknown, results: unknown[] | undefined): number {
  let units = Array.isArray(body) ? body.length : 0;
  for (const result of results ?? []) {
    const r = result as { action?: unknown; data?: unknown } | null;
    if (r?.action === 'query' && Array.isArray(r.data)) units += entities(r.data);
  }
  return units;
}

/** The entities (objects with `__entity_type__`) in a query answer's data, at any depth. */
function entities(value: unknown): number {
  if (Array.isArray(value)) {
    let count = 0;
    for (const item of value) count += entities(item);
    return count;
  }
  if (typeof value !== 'object' || value === null) return 0;
  let count = '__entity_type__' in value ? 1 : 0;
  for (const nested of Object.values(value)) {
    if (typeof nested === 'object' && nested !== null) count += entities(nested);
  }
  return count;
}
