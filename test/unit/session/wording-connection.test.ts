import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/diagnostics/index.js';
import {
  normalizeServerUrl,
  resolveConnection,
  settingsFromValues,
} from '../../../src/session/index.js';

/** Issue 27, part 8: connection settings a new user gets wrong, and what they are told. */

const KEY = 'c0ffee00-1234-5678-9abc-secretsecret';
const SERVER = 'https://studio.example.com';

function messageOf(env: Record<string, string | undefined>): string {
  try {
    resolveConnection({}, env);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('resolveConnection did not throw');
}

describe('a misspelt FTRACK_* variable, when a setting is missing', () => {
  it.each([
    ['FTRACK_APIKEY', 'FTRACK_API_KEY'],
    ['FTRACK_API_TOKEN', 'FTRACK_API_KEY'],
    ['FTRACK_API_URL', 'FTRACK_SERVER'],
    ['FTRACK_SERVER_URL', 'FTRACK_SERVER'],
    ['FTRACK_URL', 'FTRACK_SERVER'],
    ['FTRACK_SEVRER', 'FTRACK_SERVER'],
    ['ftrack_server', 'FTRACK_SERVER'],
    ['FTRACK_USER', 'FTRACK_API_USER'],
    ['FTRACK_API_USERNAME', 'FTRACK_API_USER'],
  ])('%s: "did you mean %s?"', (given, meant) => {
    const env: Record<string, string> = {
      FTRACK_SERVER: SERVER,
      FTRACK_API_USER: 'svc',
      FTRACK_API_KEY: KEY,
    };
    delete env[meant];
    env[given] = meant === 'FTRACK_API_KEY' ? KEY : 'x';
    const message = messageOf(env);
    expect(message).toContain(`set ${meant}.`);
    expect(message).toContain(`${given} is set: did you mean ${meant}?`);
    expect(message).not.toContain(KEY);
  });

  it('names every look-alike, and none that means another setting', () => {
    const message = messageOf({
      FTRACK_SERVER: SERVER,
      FTRACK_API_USER: 'svc',
      FTRACK_APIKEY: KEY,
      FTRACK_KEY: KEY,
      FTRACK_URL: SERVER,
      FTRACK_EVENT_PLUGIN_PATH: '/opt/plugins',
    });
    expect(message).toBe(
      'No API key given: pass --api-key-file <file> or set FTRACK_API_KEY. FTRACK_APIKEY and FTRACK_KEY are set: did you mean FTRACK_API_KEY?',
    );
  });

  it('says nothing more when no variable looks like the missing one', () => {
    expect(messageOf({ FTRACK_API_USER: 'svc', FTRACK_API_KEY: KEY })).toBe(
      'No server URL given: pass --server <url> or set FTRACK_SERVER.',
    );
  });

  it('a variable set but empty is named as such (a CI secret the job does not get)', () => {
    const message = messageOf({
      FTRACK_SERVER: SERVER,
      FTRACK_API_USER: 'svc',
      FTRACK_API_KEY: '',
    });
    expect(message).toBe(
      'No API key given: pass --api-key-file <file> or set FTRACK_API_KEY. FTRACK_API_KEY is set but empty: is the secret given to this job?',
    );
  });
});

describe('a server URL ending in /api', () => {
  it('is refused, naming the URL to use', () => {
    const attempt = () => normalizeServerUrl('https://studio.example.com/api/', false);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(
      'The server URL ends in /api: ftrack-roles adds /api itself, so every request would go to https://studio.example.com/api/api. Use --server https://studio.example.com (or FTRACK_SERVER=https://studio.example.com).',
    );
    expect(() => normalizeServerUrl('https://x.example.com/ftrack/API', false)).toThrow(
      'Use --server https://x.example.com/ftrack (',
    );
  });

  it('by the command line, the environment and the programmatic API alike', () => {
    const env = { FTRACK_SERVER: `${SERVER}/api`, FTRACK_API_USER: 'svc', FTRACK_API_KEY: KEY };
    expect(() => resolveConnection({}, env)).toThrow(/ends in \/api/);
    expect(() =>
      resolveConnection({ server: `${SERVER}/api` }, { ...env, FTRACK_SERVER: SERVER }),
    ).toThrow(/ends in \/api/);
    expect(() =>
      settingsFromValues({ server: `${SERVER}/api`, apiUser: 'svc', apiKey: KEY }),
    ).toThrow(/ends in \/api/);
  });

  it('a path that only ends in "api" is kept', () => {
    expect(normalizeServerUrl('https://x.example.com/myapi', false)).toBe(
      'https://x.example.com/myapi',
    );
  });
});
