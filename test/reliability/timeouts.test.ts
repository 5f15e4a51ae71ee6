import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/index.js';
import { loadDesiredState } from '../../src/pipeline/load-desired.js';
import { fetchCurrentState } from '../../src/current/index.js';
import type { Emulator, EmulatorSnapshot } from '../../src/emulator/index.js';
import { planChanges } from '../../src/plan/index.js';
import { ApiKey, openSession, type Session, type SessionOptions } from '../../src/session/index.js';
import { KEY, startStudio, writeRequests, type Studio } from './helpers.js';

/**
 * Issue 11, part 2 (timeouts and Retry-After): most cases drive the same stages as `apply`
 * (config → state → plan → applyPlan) through a session with sub-second timeouts and a
 * recording sleep; the CLI's own `--timeout` (whole seconds) is tested end to end too.
 */
const started: Emulator[] = [];
const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  await Promise.all(started.splice(0).map((emu) => emu.stop()));
});

/** The fake CLI clock (test/e2e/fake-io.ts). */
const NOW = new Date('2026-01-01T00:00:00Z');
/** How long the emulator holds a call in the timeout cases: far beyond the client's 250 ms. */
const HELD_MS = 2500;

function session(s: Studio, options: SessionOptions = {}): Session {
  const opened = openSession(
    { server: s.emu.url, apiUser: 'svc-access', apiKey: new ApiKey(KEY) },
    options,
  );
  sessions.push(opened);
  return opened;
}

async function planFor(s: Studio, through: Session) {
  const loaded = await loadDesiredState(['access'], { cwd: s.dir, now: NOW });
  const desired = loaded.desired!;
  const groups = [...desired.groups.values()].some((g) => g.ftrackGroup !== undefined);
  const current = await fetchCurrentState(through, { groups });
  const result = planChanges({ desired, current, apiUser: 'svc-access', now: NOW });
  return { plan: result.plan, current };
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

/** The converged state of the example studio, from a second emulator. */
async function convergedSnapshot(): Promise<EmulatorSnapshot> {
  const s = await startStudio(started);
  expect((await s.run(['apply', 'access', '--yes'])).code).toBe(0);
  return s.emu.snapshot();
}

describe('timeouts', () => {
  it('a write that times out is not resent; the outcome is judged by re-reading, and it lands once', async () => {
    const converged = await convergedSnapshot();
    const s = await startStudio(started);
    const seeded = s.emu.snapshot();
    const client = session(s, { timeouts: { headersMs: 250 } });
    const { plan, current } = await planFor(s, client);
    s.emu.resetCounters();
    // The server holds the write for 2.5 s, then commits it; the client gives up first
    // (undici checks its timeouts with a coarse timer: 250 ms fires within about 1 s).
    s.emu.injectFault({ kind: 'delay', ms: HELD_MS, on: 'write' });
    const result = await applyPlan(client, plan, { current });
    expect(writeRequests(s.emu)).toHaveLength(1);
    // Not yet applied when re-read, but the server may still commit: the outcome is unknown.
    expect(result.outcome).toBe('unknown');
    expect(result.message).toContain('the server may still be working on the call');
    expect(result.error?.message).toContain('The batch was not resent');
    expect(result.error?.message).toMatch(/TIMEOUT/i);
    // The server commits the call after the client gave up: exactly once.
    expect(await waitFor(() => !equal(s.emu.snapshot(), seeded), HELD_MS + 1000)).toBe(true);
    expect(s.emu.snapshot()).toEqual(converged);
    expect(writeRequests(s.emu)).toHaveLength(1);
    // The next plan finds nothing to do.
    const next = await planFor(s, client);
    expect(next.plan.operations).toEqual([]);
  });

  it('a second apply while the timed-out call is still running: applied once, the late call is refused', async () => {
    const converged = await convergedSnapshot();
    const s = await startStudio(started);
    const client = session(s, { timeouts: { headersMs: 250 } });
    const first = await planFor(s, client);
    const heldUntil = Date.now() + HELD_MS;
    s.emu.injectFault({ kind: 'delay', ms: HELD_MS, on: 'write' });
    expect((await applyPlan(client, first.plan, { current: first.current })).outcome).toBe(
      'unknown',
    );
    // Applied again at once: the same plan is sent. Whichever of the two calls runs second
    // finds every change already held and is refused whole by the strict server.
    const second = await planFor(s, client);
    let sent = 1;
    if (second.plan.operations.length > 0) {
      expect(second.plan.operations).toEqual(first.plan.operations);
      const again = await applyPlan(client, second.plan, { current: second.current });
      expect(['applied', 'rejected']).toContain(again.outcome);
      sent = 2;
    }
    // Wait until the held call has run (it commits or is refused after its delay).
    await new Promise((resolve) => setTimeout(resolve, heldUntil - Date.now() + 300));
    expect(writeRequests(s.emu)).toHaveLength(sent);
    expect(s.emu.snapshot()).toEqual(converged);
    expect((await planFor(s, client)).plan.operations).toEqual([]);
  });

  it('a read that times out is retried and the plan is the same as without the fault', async () => {
    const s = await startStudio(started);
    const client = session(s, { timeouts: { headersMs: 250 }, retry: { baseDelayMs: 10 } });
    const clean = await planFor(s, client);
    s.emu.injectFault({ kind: 'delay', ms: HELD_MS, on: 'read' });
    const slow = await planFor(s, client);
    expect(slow.plan).toEqual(clean.plan);
  });

  it('honours Retry-After on a 429 for reads, and gives up at the retry budget', async () => {
    const s = await startStudio(started);
    const waits: number[] = [];
    const client = session(s, {
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    s.emu.injectFault({ kind: 'status', status: 429, retryAfter: 7, on: 'read', times: 2 });
    const result = await client.query('select id from User where username is "ana"');
    expect(result.data).toHaveLength(1);
    expect(waits).toHaveLength(2);
    for (const ms of waits) expect(ms).toBeGreaterThanOrEqual(7000);

    s.emu.injectFault({ kind: 'status', status: 429, retryAfter: 1, on: 'read', times: 20 });
    await expect(client.query('select id from User')).rejects.toThrow(/gave up after 5 attempts/);
  });

  it('apply --timeout 1: the write that takes longer is not resent, the outcome is re-read and said', async () => {
    const s = await startStudio(started);
    const seeded = s.emu.snapshot();
    s.emu.injectFault({ kind: 'delay', ms: HELD_MS, on: 'write' });
    const result = await s.run(['apply', 'access', '--yes', '--timeout', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The batch was not resent');
    expect(result.stderr).toMatch(/TIMEOUT/i);
    expect(writeRequests(s.emu)).toHaveLength(1);
    // The server still commits the held call, once.
    expect(await waitFor(() => !equal(s.emu.snapshot(), seeded), HELD_MS + 1000)).toBe(true);
    expect(writeRequests(s.emu)).toHaveLength(1);
  });

  it('refuses a --timeout that is not a whole number of seconds from 1 to 3600', async () => {
    const s = await startStudio(started);
    for (const value of ['0', '1.5', 'soon', '3601']) {
      const result = await s.run(['plan', 'access', '--timeout', value]);
      expect(result.code, value).toBe(1);
      expect(result.stderr).toContain('expected a whole number of seconds from 1 to 3600');
    }
    expect(s.emu.requestCount()).toBe(0);
  });
});

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
