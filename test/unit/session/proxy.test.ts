import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/diagnostics/index.js';
import { describeProxy, proxyRoute } from '../../../src/session/proxy.js';

const PROXY = 'http://proxy.studio.lan:3128';

describe('proxyRoute: the proxy of the standard environment variables', () => {
  it.each([
    ['https://studio.ftrackapp.com', { HTTPS_PROXY: PROXY }, `${PROXY}/`],
    ['https://studio.ftrackapp.com', { https_proxy: PROXY }, `${PROXY}/`],
    ['https://studio.ftrackapp.com', { ALL_PROXY: 'proxy:8080' }, 'http://proxy:8080/'],
    ['https://studio.ftrackapp.com', { HTTP_PROXY: PROXY }, undefined], // only for http
    ['https://studio.ftrackapp.com', {}, undefined],
    ['https://studio.ftrackapp.com', { HTTPS_PROXY: PROXY, NO_PROXY: 'ftrackapp.com' }, undefined],
    ['https://studio.ftrackapp.com', { HTTPS_PROXY: PROXY, NO_PROXY: '.ftrackapp.com' }, undefined],
    ['https://studio.ftrackapp.com', { HTTPS_PROXY: PROXY, no_proxy: 'a, *' }, undefined],
    [
      'https://studio.ftrackapp.com',
      { HTTPS_PROXY: PROXY, NO_PROXY: 'ftrackapp.com:8443' },
      `${PROXY}/`,
    ],
    ['https://studio.ftrackapp.com', { HTTPS_PROXY: PROXY, NO_PROXY: 'apptrack.com' }, `${PROXY}/`],
    ['http://127.0.0.1:8080', { HTTP_PROXY: PROXY }, undefined], // loopback: the emulator
    ['https://localhost:8443', { HTTPS_PROXY: PROXY }, undefined],
  ] as const)('%s with %j → %s', (server, env, proxy) => {
    const route = proxyRoute(server, env);
    expect(route.direct ? undefined : route.proxy).toBe(proxy);
  });

  it('refuses a plain http server behind a proxy: the key would cross it in clear', () => {
    const env = { HTTP_PROXY: 'http://user:secret@proxy:3128' };
    expect(() => proxyRoute('http://ftrack.studio.lan', env)).toThrow(UsageError);
    expect(() => proxyRoute('http://ftrack.studio.lan', env)).toThrow(
      'Refusing to send the API key in clear through the proxy http://proxy:3128 to the http:// server ftrack.studio.lan',
    );
    expect(proxyRoute('http://ftrack.studio.lan', { ...env, NO_PROXY: 'studio.lan' })).toEqual({
      direct: true,
    });
  });

  it('refuses a proxy it cannot tunnel through, with the way out', () => {
    const server = 'https://studio.ftrackapp.com';
    expect(() => proxyRoute(server, { ALL_PROXY: 'socks5://proxy:1080' })).toThrow(
      'must be an http:// or https:// URL (found socks5://): ftrack-roles tunnels through http(s) proxies only; unset it, or list the server in NO_PROXY.',
    );
    expect(() => proxyRoute(server, { HTTPS_PROXY: 'http://[bad' })).toThrow(
      /not a valid URL.*NO_PROXY/,
    );
    expect(
      proxyRoute(server, { ALL_PROXY: 'socks5://proxy:1080', NO_PROXY: server.slice(8) }),
    ).toEqual({
      direct: true,
    });
  });

  it('never shows the credentials of a proxy', () => {
    expect(describeProxy('http://user:secret@proxy:3128/')).toBe('http://proxy:3128');
  });
});
