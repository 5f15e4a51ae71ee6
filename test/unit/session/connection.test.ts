import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/diagnostics/index.js';
import {
  ApiKey,
  isLoopbackHost,
  normalizeServerUrl,
  redactError,
  redactText,
  resolveConnection,
} from '../../../src/session/index.js';

const KEY = 'c0ffee00-1234-5678-9abc-secretsecret';
const fullEnv = {
  FTRACK_SERVER: 'https://studio.example.com/',
  FTRACK_API_USER: 'svc',
  FTRACK_API_KEY: KEY,
};

describe('resolveConnection', () => {
  it('reads everything from the environment', () => {
    const settings = resolveConnection({}, fullEnv);
    expect(settings.server).toBe('https://studio.example.com');
    expect(settings.apiUser).toBe('svc');
    expect(settings.apiKey.reveal()).toBe(KEY);
  });

  it('lets options win over the environment', () => {
    const settings = resolveConnection(
      { server: 'https://other.example.com', apiUser: 'ana', apiKeyFile: 'key.txt' },
      fullEnv,
      { readKeyFile: (path) => (path === 'key.txt' ? 'from-file\n' : '') },
    );
    expect(settings.server).toBe('https://other.example.com');
    expect(settings.apiUser).toBe('ana');
    expect(settings.apiKey.reveal()).toBe('from-file');
  });

  it.each([
    ['FTRACK_SERVER', '--server'],
    ['FTRACK_API_USER', '--api-user'],
    ['FTRACK_API_KEY', '--api-key-file'],
  ])('names the option and the variable when %s is missing', (variable, option) => {
    const env = { ...fullEnv, [variable]: '' };
    expect(() => resolveConnection({}, env)).toThrow(UsageError);
    expect(() => resolveConnection({}, env)).toThrow(option);
    expect(() => resolveConnection({}, env)).toThrow(variable);
  });

  it('trims one trailing newline of the key file and refuses empty or multi-line files', () => {
    const read = (text: string) => () => text;
    const opts = { apiKeyFile: 'k' };
    expect(resolveConnection(opts, fullEnv, { readKeyFile: read('abc\r\n') }).apiKey.reveal()).toBe(
      'abc',
    );
    expect(() => resolveConnection(opts, fullEnv, { readKeyFile: read('\n') })).toThrow(/empty/);
    expect(() => resolveConnection(opts, fullEnv, { readKeyFile: read('a\nb\n') })).toThrow(
      /single line/,
    );
  });

  it('reports an unreadable key file without its content', () => {
    const readKeyFile = () => {
      throw Object.assign(new Error(`boom ${KEY}`), { code: 'ENOENT' });
    };
    const attempt = () => resolveConnection({ apiKeyFile: 'nope' }, fullEnv, { readKeyFile });
    expect(attempt).toThrow(/Cannot read the API key file nope \(ENOENT\)/);
    expect(attempt).not.toThrow(KEY);
  });
});

describe('normalizeServerUrl', () => {
  it('requires https except for loopback hosts', () => {
    expect(() => normalizeServerUrl('http://studio.example.com', false)).toThrow(/--insecure-http/);
    expect(normalizeServerUrl('http://studio.example.com', true)).toBe('http://studio.example.com');
    expect(normalizeServerUrl('http://127.0.0.1:8080/', false)).toBe('http://127.0.0.1:8080');
    expect(normalizeServerUrl('http://localhost:1', false)).toBe('http://localhost:1');
    expect(normalizeServerUrl('http://[::1]:1', false)).toBe('http://[::1]:1');
  });

  it('keeps a path prefix and drops trailing slashes', () => {
    expect(normalizeServerUrl('https://x.example.com/ftrack//', false)).toBe(
      'https://x.example.com/ftrack',
    );
  });

  it.each([
    'ftp://x.example.com',
    'not a url',
    'https://u:p@x.example.com',
    'https://x.example.com/?a=1',
  ])('refuses %s', (text) => {
    expect(() => normalizeServerUrl(text, false)).toThrow(UsageError);
  });

  it('recognises loopback hosts', () => {
    expect(
      ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'a.localhost'].map(isLoopbackHost),
    ).toEqual([true, true, true, true, true, true]);
    expect(
      ['example.com', '10.0.0.1', '128.0.0.1', '::2', 'localhost.example.com'].map(isLoopbackHost),
    ).toEqual([false, false, false, false, false]);
  });
});

describe('ApiKey', () => {
  it('never prints its value', () => {
    const key = new ApiKey(KEY);
    const holder = { key, nested: { key } };
    expect(String(key)).toBe('[redacted]');
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- the point of the test
    expect(`${key}`).toBe('[redacted]');
    expect(JSON.stringify(holder)).not.toContain(KEY);
    expect(inspect(holder, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(inspect(resolveConnection({}, fullEnv), { depth: 10, showHidden: true })).not.toContain(
      KEY,
    );
  });

  it('redacts texts and whole cause chains, keeping the error classes', () => {
    const inner = Object.assign(new Error(`socket said ${KEY}`), { code: 'ECONNRESET' });
    const outer = new UsageError(`outer ${KEY}`, {
      cause: new AggregateError([inner], `agg ${KEY}`),
    });
    const clean = redactError(outer, new ApiKey(KEY));
    expect(clean).toBeInstanceOf(UsageError);
    expect(clean.name).toBe('UsageError');
    expect(inspect(clean, { depth: 10 })).not.toContain(KEY);
    expect(clean.message).toBe('outer [redacted]');
    expect(((clean.cause as AggregateError).errors[0] as Error & { code: string }).code).toBe(
      'ECONNRESET',
    );
    expect(redactText(`a${KEY}b${KEY}`, KEY)).toBe('a[redacted]b[redacted]');
  });
});
