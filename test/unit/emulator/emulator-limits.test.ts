import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EmulatorSetupError,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from '../../../src/emulator/index.js';
import { workUnits } from '../../../src/emulator/http-limits.js';
import { post, smallSeed } from './helpers.js';

// A real server's limits over HTTP, on 127.0.0.1, port 0.

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.stop()));
});

async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator({ seed: smallSeed(), ...options });
  started.push(emu);
  return emu;
}

const createProject = (name: string) => [
  { action: 'create', entity_type: 'Project', entity_data: { name } },
];
const hasProject = (emu: Emulator, name: string) =>
  emu.snapshot().projects.some((p) => p.name === name);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

describe('pageSizeLimit', () => {
  it('caps a query without a limit or with a larger one, and points next.offset at the rest', async () => {
    const emu = await emulator({ pageSizeLimit: 2 });
    const { json } = await post(emu.url, [
      { action: 'query', expression: 'select name from Project order by name' },
      { action: 'query', expression: 'select name from Project order by name offset 2 limit 10' },
      { action: 'query', expression: 'select name from Project order by name limit 1' },
    ]);
    const [all, rest, one] = json as { data: { name: string }[]; metadata: unknown }[];
    expect(all!.data.map((r) => r.name)).toEqual(['alpha', 'beta']);
    expect(all!.metadata).toEqual({ next: { offset: 2 } });
    expect(rest!.data.map((r) => r.name)).toEqual(['secret']);
    expect(rest!.metadata).toEqual({ next: { offset: null } });
    expect(one!.data).toHaveLength(1);
  });
});

describe('latencyMs and perRowMs', () => {
  it('latencyMs delays every request', async () => {
    const emu = await emulator({ latencyMs: 120 });
    const { ms } = await timed(() => post(emu.url, [{ action: 'query_server_information' }]));
    expect(ms).toBeGreaterThanOrEqual(110);
  });

  it('perRowMs waits per operation and per row returned (fractions allowed)', async () => {
    const emu = await emulator({ perRowMs: 40 });
    const query = { action: 'query', expression: 'select id from Project' }; // 3 rows
    const small = await timed(() => post(emu.url, [{ action: 'query_server_information' }]));
    expect(small.ms).toBeGreaterThanOrEqual(35); // 1 operation
    const big = await timed(() => post(emu.url, [query, query]));
    expect(big.ms).toBeGreaterThanOrEqual(8 * 40 - 10); // 2 operations + 6 rows
    expect(big.value.status).toBe(200);
    const fine = await emulator({ perRowMs: 0.5 });
    expect((await post(fine.url, [query])).status).toBe(200);
  });
});

describe('the work a batch stands for (perRowMs)', () => {
  it('counts each operation and every entity its queries return, nested ones included', () => {
    const grant = (id: string) => ({ __entity_type__: 'UserSecurityRoleProject', id });
    const results = [
      {
        action: 'query',
        data: [
          {
            __entity_type__: 'UserSecurityRole',
            id: 'a1',
            user: { __entity_type__: 'User', id: 'u1' },
            user_security_role_projects: [grant('g1'), grant('g2')],
            created_at: { __type__: 'datetime', value: '2026-01-01T00:00:00' },
          },
          { __entity_type__: 'UserSecurityRole', id: 'a2', user_security_role_projects: [] },
        ],
      },
      { action: 'query_server_information', version: '4.13' },
    ];
    // 2 operations + 2 roles + 1 user + 2 grants; the datetime is no entity.
    expect(workUnits([{}, {}], results)).toBe(7);
    expect(workUnits([{}], undefined)).toBe(1);
  });
});

describe('workers', () => {
  it('serves n requests at once and queues the rest in arrival order', async () => {
    const emu = await emulator({ workers: 1, latencyMs: 100 });
    const done: string[] = [];
    const send = async (name: string) => {
      await post(emu.url, createProject(name));
      done.push(name);
    };
    const { ms } = await timed(async () => {
      const a = send('p1');
      await new Promise((r) => setTimeout(r, 15));
      const b = send('p2');
      await new Promise((r) => setTimeout(r, 15));
      const c = send('p3');
      await Promise.all([a, b, c]);
    });
    expect(done).toEqual(['p1', 'p2', 'p3']);
    expect(ms).toBeGreaterThanOrEqual(3 * 100 - 10);
  });

  it('without a limit the same requests overlap', async () => {
    const emu = await emulator({ latencyMs: 100 });
    const { ms } = await timed(() =>
      Promise.all(['p1', 'p2', 'p3'].map((n) => post(emu.url, createProject(n)))),
    );
    expect(ms).toBeLessThan(250); // one worker would need 300 ms
  });
});

describe('maxBodyBytes', () => {
  it('answers 413 to a larger body and runs none of it; a body of exactly n bytes runs', async () => {
    const body = JSON.stringify(createProject('gamma'));
    const emu = await emulator({ maxBodyBytes: Buffer.byteLength(body) });
    const refused = await post(emu.url, `${body}  `, { 'ftrack-strict-api': 'false' });
    expect(refused.status).toBe(413);
    expect(refused.json).toMatchObject({ exception: 'ServerError', error_code: null });
    expect(String((refused.json as { content: string }).content)).toContain('larger than');
    expect(hasProject(emu, 'gamma')).toBe(false);
    expect((await post(emu.url, body)).status).toBe(200);
    expect(hasProject(emu, 'gamma')).toBe(true);
  });
});

describe('rateLimit', () => {
  it('answers 429 with Retry-After beyond n requests in one second and runs nothing', async () => {
    const emu = await emulator({ rateLimit: 2 });
    const read = [{ action: 'query', expression: 'select id from Project' }];
    expect((await post(emu.url, read)).status).toBe(200);
    expect((await post(emu.url, read)).status).toBe(200);
    const refused = await post(emu.url, createProject('gamma'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.json).toMatchObject({ exception: 'ServerError' });
    expect(hasProject(emu, 'gamma')).toBe(false);
    expect(emu.requestCount()).toBe(3);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await post(emu.url, createProject('gamma'))).status).toBe(200);
    expect(hasProject(emu, 'gamma')).toBe(true);
  });
});

describe('option checks', () => {
  it('refuses a bad value before listening, with an EmulatorSetupError', async () => {
    await expect(startEmulator({ workers: 0 })).rejects.toBeInstanceOf(EmulatorSetupError);
    await expect(startEmulator({ collation: 'CI' as never })).rejects.toThrow(/collation/);
  });
});
