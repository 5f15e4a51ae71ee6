import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { fakeIo } from '../fake-io.js';

// Issue 23, items 7 and 8: a server sending gigabytes of JSON white space drove `plan` to
// 17.6 GB of RSS with no output, and an answer trickling one byte a second kept
// `plan --timeout 10` waiting forever (undici's timeouts are idle timeouts). The answer size
// is bounded (--max-answer-size, default 64 MiB) and --timeout bounds each whole answer.

const root = join(import.meta.dirname, '../../..');
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A server on 127.0.0.1 that answers every request with `answer`; resolves to its URL. */
async function hostile(answer: (response: ServerResponse) => void): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => answer(response));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function plan(url: string, args: string[] = []) {
  const io = fakeIo(root, { FTRACK_SERVER: url, FTRACK_API_USER: 'u', FTRACK_API_KEY: 'k' });
  const started = Date.now();
  const code = await runCli(['plan', 'examples/studio/access', ...args], io.io);
  return { code, stderr: io.stderr(), ms: Date.now() - started };
}

describe('a hostile server', () => {
  it('cannot make an answer trickle past --timeout', async () => {
    const url = await hostile((response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => response.write(' '), 100);
      response.on('close', () => clearInterval(timer));
    });
    const result = await plan(url, ['--timeout', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('did not finish its answer within 1 s');
    expect(result.ms).toBeLessThan(10_000);
  });

  it('cannot send an answer larger than the bound (default 64 MiB)', async () => {
    // Each answer counts its own bytes: plan reads in parallel, and a connection of the
    // first run may close after the second one started.
    const url = await hostile((response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const more = (): void => {
        while (sent < 512 * 1024 * 1024) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', more);
        }
        response.end();
      };
      response.on('close', () => (sent = Infinity));
      more();
    });
    const bounded = await plan(url, ['--max-answer-size', '2']);
    expect(bounded.code).toBe(1);
    expect(bounded.stderr).toContain('larger than 2 MiB');
    const byDefault = await plan(url);
    expect(byDefault.code).toBe(1);
    expect(byDefault.stderr).toContain('larger than 64 MiB');
    expect(byDefault.stderr).toContain('--max-answer-size');
  });
});
