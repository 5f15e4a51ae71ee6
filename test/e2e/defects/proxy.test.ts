import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { UnknownOutcomeError } from '../../../src/diagnostics/index.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { ApiKey, openSession } from '../../../src/session/index.js';
import { fakeIo } from '../fake-io.js';

// Issue 23, item 10: HTTPS_PROXY, HTTP_PROXY and NO_PROXY were ignored, though studio CI
// runners often reach the internet only through a proxy. An https server is now reached
// through the proxy with a CONNECT tunnel (the proxy sees the host, never the key); a plain
// http server behind a proxy is refused. Here: a real CONNECT proxy and an https server on
// 127.0.0.1 (a test certificate, test/fixtures/tls) in front of the emulator. NO_PROXY is
// tested in test/unit/session/proxy.test.ts: a bypassed name here would be looked up in DNS.

const root = join(import.meta.dirname, '../../..');
const tls = join(root, 'test/fixtures/tls');
const KEY = 'local-demo-key';
// A reserved name that never resolves: only the test proxy reaches it (at 127.0.0.1).
const NAME = 'ftrack.studio.test';
let emu: Emulator;
let https: Server;
let proxy: Server;
let httpsUrl: string;
let proxyUrl: string;
const tunnels: string[] = [];
const proxyAuth: (string | undefined)[] = [];
let seenByProxy = '';

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

beforeAll(async () => {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
  const target = new URL(emu.url);
  // An https server forwarding every request to the emulator.
  https = createHttpsServer(
    {
      key: readFileSync(join(tls, 'ftrack-studio-test.test-key.pem')),
      cert: readFileSync(join(tls, 'ftrack-studio-test.cert.pem')),
    },
    (request, response) => {
      const forward = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      request.pipe(forward);
    },
  );
  httpsUrl = `https://${NAME}:${await listen(https)}`;
  // A CONNECT proxy that records the tunnels and every byte it relays.
  proxy = createHttpServer((_request, response) => response.writeHead(405).end());
  proxy.on('connect', (request, client, head) => {
    tunnels.push(String(request.url));
    proxyAuth.push(request.headers['proxy-authorization']);
    const [host, port] = String(request.url).split(':');
    if (host !== NAME) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = netConnect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      client.on('data', (chunk: Buffer) => (seenByProxy += chunk.toString('latin1')));
      client.pipe(upstream).pipe(client);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
});

afterAll(async () => {
  for (const server of [proxy, https]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await emu.stop();
});

describe('a proxy', () => {
  it('tunnels to an https server: the requests go through, the proxy never sees the key', async () => {
    const session = openSession(
      { server: httpsUrl, apiUser: 'svc-access', apiKey: new ApiKey(KEY) },
      {
        proxy: proxyUrl,
        tls: { ca: readFileSync(join(tls, 'ftrack-studio-test.cert.pem'), 'utf8') },
      },
    );
    try {
      const result = await session.query('select username from User where username is "ana"');
      expect(result.data).toMatchObject([{ __entity_type__: 'User', username: 'ana' }]);
    } finally {
      await session.close();
    }
    expect(tunnels).toEqual([`${NAME}:${new URL(httpsUrl).port}`]);
    expect(seenByProxy.length).toBeGreaterThan(0);
    expect(seenByProxy).not.toContain(KEY);
    expect(seenByProxy).not.toContain('ftrack-api-key');
  });

  it('is taken from HTTPS_PROXY by the CLI, with its credentials, which no output shows', async () => {
    // The CLI trusts the system's certificates (and NODE_EXTRA_CA_CERTS, read when Node
    // starts), not the test certificate: the tunnel is made, then TLS refuses the server.
    const io = fakeIo(root, {
      FTRACK_SERVER: httpsUrl,
      FTRACK_API_USER: 'svc-access',
      FTRACK_API_KEY: KEY,
      HTTPS_PROXY: proxyUrl.replace('//', '//build:pr0xy-s3cret@'),
      NO_PROXY: 'ftrack.other.invalid,.example.com',
    });
    const before = tunnels.length;
    const code = await runCli(['export'], io.io);
    expect(code).toBe(1);
    expect(tunnels.slice(before)[0]).toBe(`${NAME}:${new URL(httpsUrl).port}`);
    expect(proxyAuth.at(-1)).toBe(`Basic ${Buffer.from('build:pr0xy-s3cret').toString('base64')}`);
    expect(io.stderr()).toContain(`through the proxy ${proxyUrl} (DEPTH_ZERO_SELF_SIGNED_CERT`);
    expect(io.stderr()).toContain('NODE_EXTRA_CA_CERTS');
    expect(io.stderr() + io.stdout()).not.toContain('pr0xy-s3cret');
    expect(io.stderr() + io.stdout()).not.toContain(KEY);
  });

  it('refusing the tunnel is a clear error, and a write is known not to have been sent', async () => {
    const session = openSession(
      { server: 'https://other.studio.test', apiUser: 'svc-access', apiKey: new ApiKey(KEY) },
      { proxy: proxyUrl, retry: { maxAttempts: 1 } },
    );
    try {
      const failure = session.call([
        {
          action: 'delete',
          entity_type: 'User',
          entity_key: ['4cb5f3fb-2e47-512e-87a3-13edc87d471f'],
        },
      ]);
      await expect(failure).rejects.toThrow(
        `The proxy ${proxyUrl} refused the tunnel to https://other.studio.test (HTTP 403)`,
      );
      await expect(failure).rejects.not.toBeInstanceOf(UnknownOutcomeError);
    } finally {
      await session.close();
    }
  });

  it('is refused for a plain http server: the key would cross it in clear', async () => {
    const io = fakeIo(root, {
      FTRACK_SERVER: 'http://ftrack.studio.invalid',
      FTRACK_API_USER: 'svc-access',
      FTRACK_API_KEY: KEY,
      HTTP_PROXY: proxyUrl,
    });
    const before = tunnels.length;
    const code = await runCli(['export', '--insecure-http'], io.io);
    expect(code).toBe(1);
    expect(io.stderr()).toContain('Refusing to send the API key in clear through the proxy');
    expect(tunnels).toHaveLength(before);
  });

  it('is not used for the emulator on a loopback address', async () => {
    const io = fakeIo(root, {
      FTRACK_SERVER: emu.url,
      FTRACK_API_USER: 'svc-access',
      FTRACK_API_KEY: KEY,
      HTTP_PROXY: proxyUrl,
    });
    const before = tunnels.length;
    const code = await runCli(['export'], io.io);
    expect(code, io.stderr()).toBe(0);
    expect(tunnels).toHaveLength(before);
  });
});
