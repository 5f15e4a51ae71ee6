/**
 * The emulator, in its own process (so the measured CLI's time and memory are its own).
 * Started with `fork` on a seed file and the emulator's options as JSON (`startEmulator`'s
 * names: latencyMs, perRowMs, workers, pageSizeLimit); driven by IPC messages: `stats`,
 * `reset`, `latency`, `stop`. Counts the bytes it sends and receives by watching every
 * socket of its HTTP server, and the requests in flight at once (from the moment a
 * request's headers arrive to the end of its answer, queued ones included).
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import type * as NodeHttp from 'node:http';
import type { Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import { EMULATOR_MODULE } from './paths.js';

interface EmulatorLike {
  url: string;
  stop(): Promise<void>;
  requestCount(): number;
  requests(): unknown[][];
  resetCounters(): void;
  setLatency(ms: number): void;
}

export interface HostStats {
  requests: number;
  /** Requests whose batch holds a change (not only queries). */
  writeRequests: number;
  /** Operations in those write requests. */
  writeOperations: number;
  /** Bytes the emulator sent (the client received), headers included. */
  bytesSent: number;
  bytesReceived: number;
  /** The most requests the server held at once (received, not yet answered). */
  maxInFlight: number;
}

export type HostRequest =
  { id: number; type: 'stats' | 'reset' | 'stop' } | { id: number; type: 'latency'; ms: number };

const http = createRequire(import.meta.url)('node:http') as typeof NodeHttp;

const READ_ACTIONS = new Set(['query', 'query_server_information', 'query_schemas']);
const sockets = new Set<Socket>();
let offset = { sent: 0, received: 0 };
const inFlight = { now: 0, max: 0 };

function countBytes(): { sent: number; received: number } {
  let sent = 0;
  let received = 0;
  for (const socket of sockets) {
    sent += socket.bytesWritten;
    received += socket.bytesRead;
  }
  return { sent, received };
}

function watchSockets(): void {
  const original = http.createServer.bind(http) as (...args: unknown[]) => NodeHttp.Server;
  (http as { createServer: unknown }).createServer = (...args: unknown[]) => {
    const server = original(...args);
    server.on('connection', (socket: Socket) => sockets.add(socket));
    server.prependListener('request', (_req, res: NodeHttp.ServerResponse) => {
      inFlight.now++;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      res.once('close', () => inFlight.now--);
    });
    return server;
  };
  syncBuiltinESMExports();
}

function stats(emu: EmulatorLike): HostStats {
  const bytes = countBytes();
  let writeRequests = 0;
  let writeOperations = 0;
  for (const batch of emu.requests()) {
    const write = batch.some(
      (op) => !READ_ACTIONS.has(String((op as { action?: unknown } | null)?.action)),
    );
    if (write) {
      writeRequests++;
      writeOperations += batch.length;
    }
  }
  return {
    requests: emu.requestCount(),
    writeRequests,
    writeOperations,
    bytesSent: bytes.sent - offset.sent,
    bytesReceived: bytes.received - offset.received,
    maxInFlight: inFlight.max,
  };
}

async function main(): Promise<void> {
  const [seedFile, options] = process.argv.slice(2);
  watchSockets();
  const started = performance.now();
  const module = (await import(pathToFileURL(EMULATOR_MODULE).href)) as {
    startEmulator(options: Record<string, number | string>): Promise<EmulatorLike>;
  };
  const limits = JSON.parse(options ?? '{}') as Record<string, number>;
  const emu = await module.startEmulator({ ...limits, seedFile: seedFile! });
  const seedMs = performance.now() - started;
  process.on('message', (message: HostRequest) => {
    void (async () => {
      if (message.type === 'stats') return process.send!({ id: message.id, stats: stats(emu) });
      if (message.type === 'reset') {
        emu.resetCounters();
        const bytes = countBytes();
        offset = bytes;
        inFlight.max = inFlight.now;
      } else if (message.type === 'latency') emu.setLatency(message.ms);
      else if (message.type === 'stop') {
        await emu.stop();
        process.send!({ id: message.id }, () => process.disconnect());
        return;
      }
      process.send!({ id: message.id });
    })();
  });
  process.send!({ id: 0, url: emu.url, seedMs, rssKb: process.resourceUsage().maxRSS });
}

await main();
