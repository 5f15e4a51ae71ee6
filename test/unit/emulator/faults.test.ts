import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { post, smallSeed } from './helpers.js';

let emu: Emulator;
let write: unknown[];
const READ = [{ action: 'query', expression: 'select id from Project' }];

beforeEach(async () => {
  emu = await startEmulator({ seed: smallSeed() });
  write = [{ action: 'create', entity_type: 'Project', entity_data: { name: 'gamma' } }];
});
afterEach(async () => emu.stop());

const hasGamma = () => emu.snapshot().projects.some((p) => p.name === 'gamma');

describe('fault injection', () => {
  it('reset-before-commit drops the connection and applies nothing', async () => {
    emu.injectFault({ kind: 'reset-before-commit', on: 'write' });
    await expect(post(emu.url, write)).rejects.toThrow();
    expect(hasGamma()).toBe(false);
    expect((await post(emu.url, write)).status).toBe(200);
    expect(hasGamma()).toBe(true);
  });

  it('reset-after-commit applies the call, then drops the connection', async () => {
    emu.injectFault({ kind: 'reset-after-commit' });
    await expect(post(emu.url, write)).rejects.toThrow();
    expect(hasGamma()).toBe(true);
  });

  it('status 429 sends Retry-After and applies nothing', async () => {
    emu.injectFault({ kind: 'status', status: 429, retryAfter: 2 });
    const response = await post(emu.url, write);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(hasGamma()).toBe(false);
  });

  it.each([500, 502, 503, 504] as const)('status %i applies nothing', async (status) => {
    emu.injectFault({ kind: 'status', status });
    expect((await post(emu.url, write)).status).toBe(status);
    expect(hasGamma()).toBe(false);
  });

  it('malformed-body answers 200 with a non-JSON body and applies nothing', async () => {
    emu.injectFault({ kind: 'malformed-body' });
    const response = await post(emu.url, write);
    expect(response.status).toBe(200);
    expect(response.json).toBeUndefined();
    expect(hasGamma()).toBe(false);
  });

  it('truncated-body commits, then sends half of the answer', async () => {
    emu.injectFault({ kind: 'truncated-body' });
    await expect(post(emu.url, write)).rejects.toThrow();
    expect(hasGamma()).toBe(true);
  });

  it('delay holds the request past a client timeout, then commits', async () => {
    emu.injectFault({ kind: 'delay', ms: 300 });
    const request = fetch(`${emu.url}/api`, {
      method: 'POST',
      headers: { 'ftrack-user': 'admin', 'ftrack-api-key': 'admin-key' },
      body: JSON.stringify(write),
      signal: AbortSignal.timeout(20),
    });
    await expect(request).rejects.toThrow();
    expect(hasGamma()).toBe(false);
    for (let i = 0; i < 100 && !hasGamma(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(hasGamma()).toBe(true);
  });

  it('applies a fault only to matching requests, the given number of times', async () => {
    emu.injectFault({ kind: 'status', status: 503, on: 'read', times: 2 });
    expect((await post(emu.url, write)).status).toBe(200);
    expect((await post(emu.url, READ)).status).toBe(503);
    expect((await post(emu.url, READ)).status).toBe(503);
    expect((await post(emu.url, READ)).status).toBe(200);
  });

  it('queues faults in order', async () => {
    emu.injectFault({ kind: 'status', status: 502 });
    emu.injectFault({ kind: 'status', status: 504 });
    expect((await post(emu.url, READ)).status).toBe(502);
    expect((await post(emu.url, READ)).status).toBe(504);
    expect((await post(emu.url, READ)).status).toBe(200);
  });

  it('rejects unknown fault definitions', () => {
    expect(() => emu.injectFault({ kind: 'status', status: 418 as 500 })).toThrow(/unsupported/);
    expect(() => emu.injectFault({ kind: 'delay', ms: 10, times: 0 })).toThrow(/positive/);
  });
});
