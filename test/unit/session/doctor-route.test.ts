import { describe, expect, it } from 'vitest';
import { InternalError } from '../../../src/diagnostics/index.js';
import { ApiKey } from '../../../src/session/index.js';
import { openServerProbe } from '../../../src/session/doctor-probe.js';
import { describeRoute } from '../../../src/session/doctor-route.js';

describe('the route doctor reports', () => {
  const server = 'https://studio.ftrackapp.com';
  it.each([
    [{}, { via: 'direct', reason: 'no-variable' }],
    [
      { HTTPS_PROXY: 'http://u:secret@proxy:3128' },
      { via: 'proxy', proxy: 'http://proxy:3128', variable: 'HTTPS_PROXY' },
    ],
    [
      { https_proxy: 'proxy:3128' },
      { via: 'proxy', proxy: 'http://proxy:3128', variable: 'https_proxy' },
    ],
    [
      { ALL_PROXY: 'http://proxy:3128' },
      { via: 'proxy', proxy: 'http://proxy:3128', variable: 'ALL_PROXY' },
    ],
    [
      { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '.ftrackapp.com' },
      { via: 'direct', reason: 'no-proxy' },
    ],
    [{ HTTP_PROXY: 'http://proxy:3128' }, { via: 'direct', reason: 'no-variable' }],
  ])('%j → %j', (env, route) => {
    expect(describeRoute(server, env)).toEqual(route);
  });

  it('a loopback host is direct; a bad proxy or http through a proxy is refused', () => {
    expect(describeRoute('http://127.0.0.1:8080', { HTTP_PROXY: 'http://proxy:3128' })).toEqual({
      via: 'direct',
      reason: 'loopback',
    });
    expect(describeRoute(server, { HTTPS_PROXY: 'socks5://proxy:1080' })).toMatchObject({
      via: 'refused',
      message: expect.stringContaining('http:// or https://'),
    });
    const clear = describeRoute('http://ftrack.lan', { HTTP_PROXY: 'http://u:secret@proxy:3128' });
    expect(clear).toMatchObject({ via: 'refused' });
    expect(JSON.stringify(clear)).not.toContain('secret');
  });
});

describe('the doctor probe', () => {
  it('refuses a write before sending anything, and never shows its key', async () => {
    const probe = openServerProbe({
      server: 'https://studio.invalid',
      apiUser: 'svc',
      apiKey: new ApiKey('probe-secret-key'),
    });
    try {
      await expect(
        probe.read([{ action: 'add_user_security_role', user_id: 'u', role_id: 'r' }]),
      ).rejects.toBeInstanceOf(InternalError);
      expect(JSON.stringify(probe)).not.toContain('probe-secret-key');
    } finally {
      await probe.close();
    }
  });
});
