import { describe, expect, it } from 'vitest';
import { RateLimiter, WorkerPool } from '../../../src/emulator/admission.js';
import { checkServerOptions, describeServerOptions } from '../../../src/emulator/server-options.js';

describe('RateLimiter (a sliding one-second window)', () => {
  it('admits n requests per second, then answers the whole seconds to wait', () => {
    let now = 10_000;
    const limiter = new RateLimiter(2, () => now);
    expect(limiter.admit()).toBeUndefined();
    now += 100;
    expect(limiter.admit()).toBeUndefined();
    now += 100;
    expect(limiter.admit()).toBe(1);
    expect(limiter.admit()).toBe(1);
    now = 10_999;
    expect(limiter.admit()).toBe(1);
    // the first admitted request leaves the window; refused ones never counted
    now = 11_000;
    expect(limiter.admit()).toBeUndefined();
    expect(limiter.admit()).toBe(1);
    now = 11_100;
    expect(limiter.admit()).toBeUndefined();
  });
});

describe('WorkerPool', () => {
  it('runs at most n tasks at once and starts the waiting ones in arrival order', async () => {
    const pool = new WorkerPool(2);
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const task = (i: number) => () =>
      new Promise<number>((resolve) => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        releases[i] = () => {
          running--;
          resolve(i);
        };
      });
    const results = [0, 1, 2, 3, 4].map((i) => pool.run(task(i)));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    releases[1]!();
    await results[1];
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([0, 1, 2]);
    releases[0]!();
    releases[2]!();
    await Promise.all([results[0], results[2]]);
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([0, 1, 2, 3, 4]);
    releases[3]!();
    releases[4]!();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('frees the slot when a task fails', async () => {
    const pool = new WorkerPool(1);
    await expect(pool.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await pool.run(() => Promise.resolve('next'))).toBe('next');
  });
});

describe('server options', () => {
  it.each([
    [{ pageSizeLimit: 0 }, /pageSizeLimit must be a whole number >= 1, not 0/],
    [{ pageSizeLimit: 2.5 }, /pageSizeLimit/],
    [{ latencyMs: -1 }, /latencyMs must be a number of ms >= 0/],
    [{ perRowMs: Number.NaN }, /perRowMs/],
    [{ workers: 0 }, /workers/],
    [{ maxBodyBytes: -5 }, /maxBodyBytes/],
    [{ rateLimit: 1.5 }, /rateLimit/],
    [{ addRoleScope: 'some' }, /addRoleScope must be "none" or "all-open", not "some"/],
    [{ grantAllOpenKeepsProjects: 'no' }, /grantAllOpenKeepsProjects must be true or false/],
    [{ collation: 'ci' }, /collation must be "binary" or "case-insensitive"/],
  ])('refuses %j', (options, message) => {
    expect(() => checkServerOptions(options as never)).toThrow(message);
  });

  it('accepts good values and describes only the non-default ones, as flags', () => {
    const options = {
      pageSizeLimit: 100,
      latencyMs: 0,
      perRowMs: 0.25,
      workers: 4,
      addRoleScope: 'none',
      grantAllOpenKeepsProjects: false,
      collation: 'case-insensitive',
    } as const;
    expect(() => checkServerOptions(options)).not.toThrow();
    expect(describeServerOptions(options)).toEqual([
      '--page-size-limit 100',
      '--per-row-ms 0.25',
      '--workers 4',
      '--grant-all-open-keeps-projects false',
      '--collation case-insensitive',
    ]);
    expect(describeServerOptions({})).toEqual([]);
  });
});
