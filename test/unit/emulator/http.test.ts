import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { post, smallSeed } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: smallSeed() });
});
afterAll(async () => emu.stop());

const INFO = [{ action: 'query_server_information' }];

interface QueryRow {
  id: string;
  user: { username: string; user_security_roles: unknown[] };
  security_role?: unknown;
}

describe('authentication', () => {
  it.each([
    ['a wrong key', { 'ftrack-api-key': 'wrong' }],
    ['an unknown user', { 'ftrack-user': 'nobody' }],
    ['a key of another user', { 'ftrack-user': 'manager' }],
    ['an inactive user', { 'ftrack-user': 'old', 'ftrack-api-key': 'old-key' }],
    ['a user without a key', { 'ftrack-user': 'ana', 'ftrack-api-key': 'admin-key' }],
    ['an empty key', { 'ftrack-api-key': '' }],
  ])('refuses %s with InvalidCredentialsError and HTTP 200', async (_label, headers) => {
    const response = await post(emu.url, INFO, headers);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      exception: 'InvalidCredentialsError',
      content: expect.stringContaining('The supplied API key is not valid'),
      error_code: 'api_credentials_invalid',
    });
    expect(response.text).not.toContain('admin-key');
  });

  it('authenticates every request, also without a cookie', async () => {
    expect((await post(emu.url, INFO)).json).toEqual([
      expect.objectContaining({ version: 'dev', schema_hash: '23a1157b8b1730fd91c76f63dcd67a8f' }),
    ]);
    expect((await post(emu.url, INFO, { 'ftrack-api-key': 'x' })).status).toBe(200);
  });
});

describe('wire format', () => {
  it('answers [] to an empty batch and tolerates //api and client headers', async () => {
    const headers = {
      'ftrack-clienttoken': 'ftrack-javascript-api--1',
      'ftrack-pushtoken': 'undefined',
      'x-anything': '1',
    };
    expect((await post(emu.url, [], headers, '//api')).json).toEqual([]);
  });

  it('answers query_server_information with the four default keys, or the requested ones', async () => {
    const [info] = (await post(emu.url, INFO)).json as Record<string, unknown>[];
    expect(info).toEqual({
      storage_scenario: { data: {}, scenario: 'ftrack.automatic' },
      schema_hash: '23a1157b8b1730fd91c76f63dcd67a8f',
      version: 'dev',
      is_timezone_support_enabled: true,
    });
    const [some] = (
      await post(emu.url, [
        { action: 'query_server_information', values: ['version', 'user_information'] },
      ])
    ).json as Record<string, unknown>[];
    expect(some).toEqual({
      version: 'dev',
      user_information: expect.objectContaining({ username: 'admin' }),
    });
  });

  it('answers query_schemas with the full schema list, unwrapped', async () => {
    const [schemas] = (await post(emu.url, [{ action: 'query_schemas' }])).json as {
      id: string;
    }[][];
    expect(schemas).toHaveLength(116);
    expect(schemas!.map((s) => s.id)).toEqual(
      expect.arrayContaining(['User', 'Location', 'UserSecurityRoleProject']),
    );
  });

  it('normalises duplicate entities into references by default', async () => {
    const expression =
      'select user.username, user.user_security_roles.security_role.name from UserSecurityRole where user.username is bo';
    const [result] = (await post(emu.url, [{ action: 'query', expression }])).json as {
      data: QueryRow[];
    }[];
    const row = result!.data[0]!;
    expect(row.user.user_security_roles[0]).toEqual({
      __entity_type__: 'UserSecurityRole',
      id: row.id,
    });
    // the nested occurrence asked for security_role.name: merged into the first occurrence
    expect(row.security_role).toEqual({
      __entity_type__: 'SecurityRole',
      id: expect.any(String),
      name: 'User',
    });
    expect(row.user.username).toBe('bo');
  });

  it('merges the attributes of later occurrences into the first one', async () => {
    const body = [
      { action: 'query', expression: 'select username from User where username is bo' },
      { action: 'query', expression: 'select first_name from User where username is bo' },
    ];
    const [first, second] = (await post(emu.url, body)).json as {
      data: Record<string, unknown>[];
    }[];
    expect(first!.data[0]).toMatchObject({ username: 'bo', first_name: '' });
    expect(second!.data[0]).toEqual({ __entity_type__: 'User', id: first!.data[0]!['id'] });
  });

  it.each(['strict:1;denormalize:1', 'strict=1;denormalize=1', 'denormalize=True; strict=true'])(
    'does not normalise with ftrack-api-options %s (and drops system projections)',
    async (options) => {
      const expression =
        'select user.username, user.user_security_roles.id from UserSecurityRole where user.username is bo';
      const [result] = (
        await post(emu.url, [{ action: 'query', expression }], { 'ftrack-api-options': options })
      ).json as { data: QueryRow[] }[];
      const row = result!.data[0]!;
      expect(row.user.user_security_roles[0]).toEqual({
        __entity_type__: 'UserSecurityRole',
        id: row.id,
      });
      expect(row.user).toEqual({
        __entity_type__: 'User',
        id: expect.any(String),
        username: 'bo',
        user_security_roles: expect.any(Array),
      });
      expect(Object.keys(row).sort()).toEqual(['__entity_type__', 'id', 'user']);
    },
  );

  it.each(['undefined', '', 'strict=0'])(
    'accepts ftrack-api-options %j as no options',
    async (options) => {
      const response = await post(
        emu.url,
        [{ action: 'query', expression: 'select name from Project limit 1' }],
        { 'ftrack-api-options': options },
      );
      expect((response.json as { data: Record<string, unknown>[] }[])[0]!.data[0]).toHaveProperty(
        'context_type',
        'show',
      );
    },
  );

  it.each([
    ['denormalize=1', 'needs "strict"'],
    ['strict=maybe', 'must be 1, 0, true or false'],
    ['fast=1', 'Unknown ftrack-api-options key'],
    ['strict', 'Malformed'],
  ])('refuses ftrack-api-options %j', async (options, fragment) => {
    const response = await post(emu.url, INFO, { 'ftrack-api-options': options });
    expect(response.json).toMatchObject({
      exception: 'ValidationError',
      content: expect.stringContaining(fragment),
    });
  });

  it.each([
    ['not json', 'not valid JSON'],
    ['{"action": "query"}', 'JSON array'],
    ['[1]', 'must be an object'],
    ['[{"expression": "x"}]', 'has no "action"'],
    ['[{"action": "query"}]', 'needs an "expression"'],
  ])('refuses the body %s with a ValidationError', async (body, fragment) => {
    const response = await post(emu.url, body);
    expect(response.json).toMatchObject({
      exception: 'ValidationError',
      content: expect.stringContaining(fragment),
    });
  });

  it('answers 404 outside /api and 405 for other methods', async () => {
    expect((await post(emu.url, [], {}, '/other')).status).toBe(404);
    expect((await fetch(`${emu.url}/api`)).status).toBe(405);
  });
});

describe('strict API status codes', () => {
  const strict = { 'ftrack-strict-api': 'true' };
  it.each([
    ['bad credentials', INFO, { 'ftrack-api-key': 'x' }, 401, 'InvalidCredentialsError'],
    [
      'a permission error',
      [{ action: 'create', entity_type: 'Project', entity_data: { name: 'p' } }],
      { 'ftrack-user': 'manager', 'ftrack-api-key': 'manager-key' },
      403,
      'PermissionError',
    ],
    ['a validation error', [{ action: 'query', expression: 'select' }], {}, 422, 'ValidationError'],
    [
      'a duplicate',
      [{ action: 'create', entity_type: 'Project', entity_data: { name: 'alpha' } }],
      {},
      500,
      'DuplicateEntryError',
    ],
  ])('answers %s with its status', async (_label, body, headers, status, exception) => {
    const response = await post(emu.url, body, { ...strict, ...headers });
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ exception });
    const lenient = await post(emu.url, body, { 'ftrack-strict-api': 'false', ...headers });
    expect(lenient.status).toBe(200);
    expect(lenient.json).toMatchObject({ exception });
  });
});

describe('counters and latency', () => {
  it('counts requests and operations and records the batches', async () => {
    emu.resetCounters();
    await post(emu.url, [
      { action: 'query_schemas' },
      { action: 'query', expression: 'select id from User' },
    ]);
    await post(emu.url, [{ action: 'query', expression: 'select id from Project' }]);
    expect(emu.requestCount()).toBe(2);
    expect(emu.operationCounts()).toEqual({ query_schemas: 1, query: 2 });
    expect(emu.requests()).toEqual([
      [{ action: 'query_schemas' }, { action: 'query', expression: 'select id from User' }],
      [{ action: 'query', expression: 'select id from Project' }],
    ]);
    emu.resetCounters();
    expect(emu.requestCount()).toBe(0);
  });

  it('still answers correctly with added latency', async () => {
    emu.setLatency(5);
    expect((await post(emu.url, [])).json).toEqual([]);
    emu.setLatency(0);
  });
});

describe('options', () => {
  it('caps rows per answer with pageSizeLimit and points next.offset at the rest', async () => {
    const capped = await startEmulator({ seed: smallSeed(), pageSizeLimit: 2 });
    const expression = 'select username from User order by username';
    const [first] = (await post(capped.url, [{ action: 'query', expression }])).json as {
      data: { username: string }[];
      metadata: { next: { offset: number | null } };
    }[];
    expect(first!.data.map((u) => u.username)).toEqual(['admin', 'ana']);
    expect(first!.metadata.next.offset).toBe(2);
    const [last] = (
      await post(capped.url, [{ action: 'query', expression: `${expression} offset 4 limit 10` }])
    ).json as {
      data: unknown[];
      metadata: { next: { offset: number | null } };
    }[];
    expect(last!.data).toHaveLength(1);
    expect(last!.metadata.next.offset).toBeNull();
    await capped.stop();
    await capped.stop();
  });

  it('starts with latency and hands out copies of the request log', async () => {
    const slow = await startEmulator({ seed: smallSeed(), latencyMs: 5 });
    await post(slow.url, [{ action: 'query_schemas' }]);
    const log = slow.requests();
    (log[0] as unknown[]).push('tampered');
    expect(slow.requests()).toEqual([[{ action: 'query_schemas' }]]);
    await slow.stop();
  });
});
