import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeRequest {
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** Decides the answer of one request; may also destroy the socket. */
export type FakeHandler = (request: FakeRequest, response: ServerResponse, socket: Socket) => void;

export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  /** Handlers used in turn for the next requests; afterwards `fallback` answers. */
  queue: FakeHandler[];
  stop(): Promise<void>;
}

/** A tiny HTTP fake of `/api` on 127.0.0.1:0, for failure shapes the emulator cannot make. */
export async function startFakeServer(
  fallback: FakeHandler = answer(200, []),
): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const queue: FakeHandler[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request = {
        headers: req.headers,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
      requests.push(request);
      (queue.shift() ?? fallback)(request, res, req.socket);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    queue,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers with a status, a JSON body and optional headers. */
export function answer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): FakeHandler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

/** Destroys the connection without answering. */
export const reset: FakeHandler = (_req, _res, socket) => socket.destroy();

/** Sends half of a JSON body with the full content-length, then closes. */
export function truncated(body: unknown): FakeHandler {
  return (_req, res, socket) => {
    const text = JSON.stringify(body);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': String(text.length),
    });
    res.write(text.slice(0, Math.floor(text.length / 2)), () => socket.destroy());
  };
}

/** Answers a query with rows, as the protocol notes describe. */
export function queryAnswer(rows: unknown[], next: number | null = null): unknown[] {
  return [{ action: 'query', data: rows, metadata: { next: { offset: next } } }];
}
