import { describe, expect, it } from 'vitest';
import { checkRoute, checkServerUrl } from '../../../src/report/index.js';

const loopback = (host: string) => host === '127.0.0.1' || host === 'localhost';
const url = (text: string | undefined, insecure = false) =>
  checkServerUrl(text, insecure, loopback);

describe('the URL check', () => {
  it.each([
    ['https://studio.ftrackapp.com', 'ok', 'https://studio.ftrackapp.com'],
    ['https://studio.ftrackapp.com/', 'ok', 'https://studio.ftrackapp.com'],
    ['http://127.0.0.1:8080', 'ok', 'http://127.0.0.1:8080'],
    ['https://studio.ftrackapp.com/api', 'error', 'https://studio.ftrackapp.com'],
    ['https://studio.ftrackapp.com/API/', 'error', 'https://studio.ftrackapp.com'],
    ['https://intranet.example/ftrack', 'info', 'https://intranet.example/ftrack'],
    ['https://intranet.example/ftrack/api', 'error', 'https://intranet.example/ftrack'],
  ])('%s is %s and the rest is checked at %s', (text, status, target) => {
    const verdict = url(text);
    expect(verdict.check.status).toBe(status);
    expect(verdict.target).toBe(target);
    if (status !== 'ok') expect(verdict.check.hint).toBeDefined();
  });

  it('says why a trailing /api is wrong and what to use instead', () => {
    const { check } = url('https://studio.ftrackapp.com/api');
    expect(check.summary).toContain('would go to https://studio.ftrackapp.com/api/api');
    expect(check.hint).toBe(
      'Use --server https://studio.ftrackapp.com (or FTRACK_SERVER=https://studio.ftrackapp.com).',
    );
  });

  it.each([
    [undefined, 'No server URL given.'],
    ['  ', 'No server URL given.'],
    ['studio.ftrackapp.com', 'is not a URL'],
    ['ftp://studio.ftrackapp.com', 'starts with ftp://'],
    ['https://studio.ftrackapp.com?x=1', 'a query'],
    ['http://studio.example.com', 'Plain http to studio.example.com'],
  ])('%s is an error that stops the doctor', (text, message) => {
    const verdict = url(text);
    expect(verdict.check.status).toBe('error');
    expect(verdict.check.summary).toContain(message);
    expect(verdict.target).toBeUndefined();
  });

  it('never shows credentials written into the URL', () => {
    const verdict = url('https://svc:s3cret-key@studio.ftrackapp.com');
    expect(verdict.target).toBeUndefined();
    expect(JSON.stringify(verdict)).not.toContain('s3cret-key');
    expect(JSON.stringify(url('not a url//svc:s3cret-key@x'))).not.toContain('s3cret-key');
  });

  it('warns about plain http to another host with --insecure-http', () => {
    const verdict = url('http://ftrack.studio.lan', true);
    expect(verdict.check.status).toBe('warning');
    expect(verdict.target).toBe('http://ftrack.studio.lan');
  });
});

describe('the proxy check', () => {
  it('names the proxy and the variable, and is an error when refused', () => {
    expect(
      checkRoute({ via: 'proxy', proxy: 'http://proxy:3128', variable: 'HTTPS_PROXY' }),
    ).toMatchObject({
      status: 'info',
      summary: expect.stringContaining('Through the proxy http://proxy:3128 (from HTTPS_PROXY)'),
    });
    expect(checkRoute({ via: 'direct', reason: 'no-proxy' }).summary).toContain('NO_PROXY');
    expect(checkRoute({ via: 'refused', message: 'Refusing' }).status).toBe('error');
  });
});
