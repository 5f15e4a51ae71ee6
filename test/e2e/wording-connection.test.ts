import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { fakeIo } from './fake-io.js';

/**
 * Issue 27, part 8: the connection mistakes a new user makes, each told what to do: a URL
 * ending in /api, https to a server that speaks http (and the reverse), a misspelt
 * FTRACK_* variable. Every server here listens on 127.0.0.1.
 */

const KEY = 'write-key';
const tls = join(import.meta.dirname, '../fixtures/tls');
let emu: Emulator;
let dir: string;
const servers: Server[] = [];

const listen = async (server: Server): Promise<string> => {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      security_roles: [
        { name: 'Administrator', type: 'PROJECT' },
        { name: 'User', type: 'PROJECT' },
      ],
      projects: [{ name: 'nebula', full_name: 'Nebula', is_private: false }],
      users: [
        { username: 'svc-access', api_key: KEY, roles: { Administrator: 'all-open' } },
        { username: 'ana' },
      ],
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-wording-connection-'));
  mkdirSync(join(dir, 'access'));
  writeFileSync(
    join(dir, 'access/users.yaml'),
    'version: 1\nsettings:\n  ignore_users: [svc-*]\nusers:\n  ana:\n    roles:\n      User: [nebula]\n',
  );
});
afterAll(async () => {
  await emu.stop();
  for (const server of servers) server.close();
});

const run = async (argv: string[], env: Record<string, string>) => {
  const io = fakeIo(dir, env);
  const code = await runCli(argv, io.io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
};
const env = (server: string, more: Record<string, string> = {}) => ({
  FTRACK_SERVER: server,
  FTRACK_API_USER: 'svc-access',
  FTRACK_API_KEY: KEY,
  ...more,
});

describe('the server URL', () => {
  it('ending in /api: refused before anything is sent, with the URL to use', async () => {
    emu.resetCounters();
    const planned = await run(['plan'], env(`${emu.url}/api`));
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain(
      `The server URL ends in /api: ftrack-roles adds /api itself, so every request would go to ${emu.url}/api/api. Use --server ${emu.url} (or FTRACK_SERVER=${emu.url}).`,
    );
    expect(emu.requestCount()).toBe(0);
  });

  it('https:// to a server that speaks plain http: says so, not "certificate not trusted"', async () => {
    const https = emu.url.replace(/^http:/, 'https:');
    const planned = await run(['plan'], env(https));
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain(
      `Could not talk to ${https} (ERR_SSL_WRONG_VERSION_NUMBER: wrong version number). The server answered without TLS`,
    );
    expect(planned.stderr).toContain(`use ${emu.url};`);
    expect(planned.stderr).not.toContain('NODE_EXTRA_CA_CERTS');
    const doctor = await run(['doctor'], env(https));
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('hint: Check the scheme and the port: http:// for a server');
    expect(doctor.stdout).not.toContain('Trust the studio');
  });

  it('http:// to a server that speaks https only and closes the connection', async () => {
    const host = await listen(
      createHttpsServer(
        {
          key: readFileSync(join(tls, 'ftrack-studio-test.test-key.pem')),
          cert: readFileSync(join(tls, 'ftrack-studio-test.cert.pem')),
        },
        (_request, response) => response.end('[]'),
      ),
    );
    const planned = await run(['plan'], env(`http://${host}`));
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain(`If the server speaks https only, use https://${host}.`);
  }, 20_000);

  it('http:// to a server that redirects to https: not followed, the address to use named', async () => {
    let target = '';
    const host = await listen(
      createHttpServer((request, response) => {
        response.writeHead(301, { location: `${target}${request.url ?? '/'}` }).end();
      }),
    );
    target = `https://${host}`;
    const planned = await run(['plan'], env(`http://${host}`));
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain(
      `http://${host} answered HTTP 301, a redirect to https://${host}/api: ftrack-roles does not follow redirects (the API key would go along). If that is the ftrack server, use --server https://${host}.`,
    );
    expect(planned.stderr).not.toContain(KEY);
  });
});

describe('a misspelt variable', () => {
  it('plan: "did you mean FTRACK_API_KEY?", the key never shown', async () => {
    const planned = await run(['plan'], {
      FTRACK_SERVER: emu.url,
      FTRACK_API_USER: 'svc-access',
      FTRACK_APIKEY: KEY,
    });
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain(
      'No API key given: pass --api-key-file <file> or set FTRACK_API_KEY. FTRACK_APIKEY is set: did you mean FTRACK_API_KEY?',
    );
    expect(planned.stderr).not.toContain(KEY);
  });

  it('doctor says the same', async () => {
    const doctor = await run(['doctor'], {
      FTRACK_SERVER: emu.url,
      FTRACK_API_USER: 'svc-access',
      FTRACK_APIKEY: KEY,
    });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('FTRACK_APIKEY is set: did you mean FTRACK_API_KEY?');
    expect(doctor.stdout).not.toContain(KEY);
  });

  it('FTRACK_SERVER_URL for FTRACK_SERVER', async () => {
    const planned = await run(['plan'], {
      FTRACK_SERVER_URL: emu.url,
      FTRACK_API_USER: 'svc-access',
      FTRACK_API_KEY: KEY,
    });
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain('FTRACK_SERVER_URL is set: did you mean FTRACK_SERVER?');
  });
});
