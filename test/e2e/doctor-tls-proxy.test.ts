import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { runDoctor } from '../../src/pipeline/doctor.js';
import { ApiKey } from '../../src/session/index.js';
import { openServerProbe } from '../../src/session/doctor-probe.js';
import { describeRoute } from '../../src/session/doctor-route.js';
import { fakeIo } from './fake-io.js';

// doctor over TLS and through a proxy: an https server on 127.0.0.1 with a test certificate
// (test/fixtures/tls) in front of the emulator, and a CONNECT proxy (as in
// test/e2e/defects/proxy.test.ts). The CLI trusts Node's store only, so TLS fails there
// with the CA hint; the pipeline given the CA passes every check through the proxy.

const root = join(import.meta.dirname, '../..');
const tls = join(root, 'test/fixtures/tls');
const KEY = 'local-demo-key';
const NAME = 'ftrack.studio.test';
const READS = new Set(['query', 'query_server_information', 'query_schemas']);
let emu: Emulator;
let https: Server;
let proxy: Server;
let httpsPort: number;
let proxyUrl: string;
const tunnels: string[] = [];

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

beforeAll(async () => {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
  const target = new URL(emu.url);
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
  httpsPort = await listen(https);
  proxy = createHttpServer((_request, response) => response.writeHead(405).end());
  proxy.on('connect', (request, client, head) => {
    tunnels.push(String(request.url));
    const port = Number(String(request.url).split(':')[1]);
    const upstream = netConnect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
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

async function cli(environment: Record<string, string>) {
  const run = fakeIo(root, { FTRACK_API_USER: 'svc-access', FTRACK_API_KEY: KEY, ...environment });
  run.io.now = () => new Date();
  const code = await runCli(['doctor'], run.io);
  return { code, out: run.stdout() + run.stderr() };
}
const lineOf = (text: string, id: string) =>
  text.split('\n').find((line) => new RegExp(`^\\S+ +${id} `).test(line)) ?? '';

describe('doctor and TLS', () => {
  it('an untrusted certificate: the TLS error with the CA hint', async () => {
    const run = await cli({ FTRACK_SERVER: `https://127.0.0.1:${httpsPort}` });
    expect(run.code).toBe(1);
    expect(lineOf(run.out, 'tls')).toMatch(
      /^ERROR tls +Could not talk to https:\/\/127\.0\.0\.1:\d+ \(DEPTH_ZERO_SELF_SIGNED_CERT/,
    );
    expect(run.out).toContain(
      "hint: Trust the studio's CA: NODE_EXTRA_CA_CERTS=/path/to/studio-ca.pem",
    );
    expect(lineOf(run.out, 'credentials')).toBe(
      'skip  credentials    Not checked: the TLS handshake failed.',
    );
    expect(run.out).not.toContain(KEY);
  });
});

describe('doctor through a proxy', () => {
  it('names the proxy and its variable, never its credentials', async () => {
    const before = tunnels.length;
    const run = await cli({
      FTRACK_SERVER: `https://${NAME}:${httpsPort}`,
      HTTPS_PROXY: proxyUrl.replace('//', '//build:pr0xy-s3cret@'),
    });
    expect(run.code).toBe(1); // the CLI does not trust the test certificate
    expect(tunnels.slice(before)[0]).toBe(`${NAME}:${httpsPort}`);
    expect(lineOf(run.out, 'proxy')).toBe(
      `info  proxy          Through the proxy ${proxyUrl} (from HTTPS_PROXY), with a CONNECT tunnel: TLS runs end to end, the proxy sees the host name only.`,
    );
    expect(lineOf(run.out, 'tls')).toContain(`through the proxy ${proxyUrl}`);
    expect(run.out).not.toContain('pr0xy-s3cret');
    expect(run.out).not.toContain(KEY);
  });

  it('passes every check through the proxy when the CA is trusted, sending no write', async () => {
    emu.resetCounters();
    const server = `https://${NAME}:${httpsPort}`;
    const ca = readFileSync(join(tls, 'ftrack-studio-test.cert.pem'), 'utf8');
    const report = await runDoctor({
      server,
      insecureHttp: false,
      route: (s) => describeRoute(s, { HTTPS_PROXY: proxyUrl }),
      connect: (s) =>
        openServerProbe(
          { server: s, apiUser: 'svc-access', apiKey: new ApiKey(KEY) },
          { proxy: proxyUrl, tls: { ca } },
        ),
      now: () => new Date(),
    });
    expect(report.ready).toBe(true);
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({
      url: 'ok',
      proxy: 'info',
      connection: 'ok',
      tls: 'ok',
      credentials: 'ok',
      permission: 'ok',
    });
    expect(report.summary.warning + report.summary.error + report.summary.skipped).toBe(0);
    const actions = emu
      .requests()
      .flat()
      .map((op) => (op as { action?: string }).action ?? '?');
    expect(actions.filter((a) => !READS.has(a))).toEqual([]);
    expect(JSON.stringify(report)).not.toContain(KEY);
  });
});
