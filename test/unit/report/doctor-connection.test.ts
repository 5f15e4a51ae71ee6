import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  MalformedResponseError,
  NetworkError,
  ServerError,
} from '../../../src/diagnostics/index.js';
import { checkFirstAnswer, checkServerInformation } from '../../../src/report/index.js';

const target = 'https://studio.ftrackapp.com';

describe('the first answer', () => {
  it('ok: connection, TLS and credentials, with the kind of key', () => {
    const found = checkFirstAnswer(
      {
        ok: true,
        ms: 42,
        status: 200,
        results: [{ version: '4.13.8', user_information: { is_global_access_key: false } }],
      },
      target,
      'svc-access',
    );
    expect([found.connection.status, found.tls.status, found.credentials.status]).toEqual([
      'ok',
      'ok',
      'ok',
    ]);
    expect(found.credentials.summary).toContain('a personal API key');
    expect(found.information).toMatchObject({ version: '4.13.8' });
  });

  it('refused credentials: says that user and key cannot be told apart', () => {
    const error = new AuthenticationError(
      'ftrack refused the API user or key (InvalidCredentialsError, api_credentials_invalid): The supplied API key is not valid.',
      'InvalidCredentialsError',
      'api_credentials_invalid',
    );
    const found = checkFirstAnswer(
      { ok: false, ms: 5, status: 401, error, tls: false },
      target,
      'svc',
    );
    expect(found.connection.status).toBe('ok');
    expect(found.credentials).toMatchObject({
      status: 'error',
      details: { exception: 'InvalidCredentialsError', error_code: 'api_credentials_invalid' },
    });
    expect(found.credentials.hint).toContain('cannot tell which');
  });

  it('a TLS failure: the CA hint, credentials skipped', () => {
    const error = new NetworkError(
      'Could not talk (DEPTH_ZERO_SELF_SIGNED_CERT)',
      undefined,
      'DEPTH_ZERO_SELF_SIGNED_CERT',
    );
    const found = checkFirstAnswer({ ok: false, ms: 5, error, tls: true }, target, 'svc');
    expect(found.tls.status).toBe('error');
    expect(found.tls.hint).toContain('NODE_EXTRA_CA_CERTS');
    expect(found.credentials.status).toBe('skipped');
  });

  it('no connection, or not the ftrack API: a connection error with its hint', () => {
    const refused = new NetworkError('Could not talk (ECONNREFUSED)', undefined, 'ECONNREFUSED');
    const down = checkFirstAnswer({ ok: false, ms: 1, error: refused, tls: false }, target, 'svc');
    expect(down.connection.status).toBe('error');
    expect(down.connection.hint).toContain('Nothing listens');
    expect(down.tls.status).toBe('skipped');
    const html = new MalformedResponseError('answered a body that is not JSON');
    const page = checkFirstAnswer(
      { ok: false, ms: 1, status: 200, error: html, tls: false },
      target,
      'svc',
    );
    expect(page.connection.hint).toContain('without /api');
    const missing = new ServerError('answered HTTP 404', undefined, '404');
    const notFound = checkFirstAnswer(
      { ok: false, ms: 1, status: 404, error: missing, tls: false },
      target,
      'svc',
    );
    expect(notFound.connection.hint).toContain('without /api');
  });
});

describe('the server information', () => {
  it.each([
    [{ version: '4.13.8.1234', schema_hash: 'abc', is_timezone_support_enabled: true }, 'ok'],
    [{ version: 'dev' }, 'ok'],
    [{ version: '4.1.9' }, 'error'],
    [{ version: '3.6.1' }, 'error'],
    [{}, 'warning'],
  ])('%j is %s', (information, status) => {
    expect(checkServerInformation(information).status).toBe(status);
  });

  it('reports version, schema hash and time zone support', () => {
    const check = checkServerInformation({
      version: '4.13.8',
      schema_hash: '23a1157b',
      is_timezone_support_enabled: false,
    });
    expect(check.summary).toBe(
      'ftrack 4.13.8; schema 23a1157b; time zone support off (dates in server time).',
    );
    expect(check.details).toEqual({
      version: '4.13.8',
      schema_hash: '23a1157b',
      is_timezone_support_enabled: false,
    });
  });
});
