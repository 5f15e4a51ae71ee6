import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { KEY, startStudio, writeRequests, type Studio } from './helpers.js';

/**
 * Issue 16, part 1: `plan`, `apply`, `drift` and `explain` start reading the current state
 * while the config is checked. An invalid config abandons the reads (sockets closed, no
 * retry left running), prints its diagnostics, exits 1 and never sends a write. The
 * connection settings (credentials, https) are checked before the first request.
 */
const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emu) => emu.stop()));
});

const COMMANDS: readonly (readonly string[])[] = [
  ['plan', 'access'],
  ['apply', 'access', '--yes'],
  ['drift', 'access'],
  ['explain', 'access', '--user', 'ana'],
];

/** Actions that only read (anything else would be a write or unknown). */
const READ_ACTIONS = new Set(['query', 'query_schemas', 'query_server_information']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Makes the studio's config invalid, in its last file, after a few large valid files: the
 * check takes long enough (it yields between files) for the first reads to reach the server.
 */
function breakConfig(s: Studio): void {
  for (const part of [1, 2, 3]) {
    const users = Array.from(
      { length: 1500 },
      (_, i) => `  bulk-${part}-${i}:\n    roles:\n      User: all-open\n`,
    );
    writeFileSync(
      join(s.dir, 'access', `bulk-${part}.yaml`),
      `version: 1\nusers:\n${users.join('')}`,
    );
  }
  writeFileSync(
    join(s.dir, 'access', 'zz-broken.yaml'),
    'version: 1\nusers:\n  ana:\n    rolez: {}\n',
  );
}

function readOnly(emu: Emulator): boolean {
  return emu
    .requests()
    .flat()
    .every((op) => READ_ACTIONS.has((op as { action?: string }).action ?? ''));
}

describe('reads start before the config is checked', () => {
  it.each(COMMANDS)(
    '%s: an invalid config with reads under way exits 1, names the error and sends no write',
    async (...argv) => {
      const s = await startStudio(started);
      breakConfig(s);
      s.emu.setLatency(200);
      s.emu.resetCounters();
      const before = s.emu.snapshot();
      const run = await s.run(argv);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/zz-broken\.yaml:4:5/);
      expect(run.stderr).toContain('nothing was planned');
      expect(s.emu.requestCount()).toBeGreaterThan(0); // the reads had started
      expect(readOnly(s.emu)).toBe(true);
      expect(writeRequests(s.emu)).toEqual([]);
      expect(s.emu.snapshot()).toEqual(before);
    },
  );

  it('abandoned reads leave no retry running: the server sees nothing more after the exit', async () => {
    const s = await startStudio(started);
    breakConfig(s);
    s.emu.resetCounters();
    // Every read is refused with a 503 asking to retry in 1 s: retries would be pending.
    s.emu.injectFault({ kind: 'status', status: 503, retryAfter: 1, on: 'read', times: 100 });
    const run = await s.run(['plan', 'access']);
    expect(run.code, run.stderr).toBe(1);
    const seen = s.emu.requestCount();
    expect(seen).toBeGreaterThan(0);
    await sleep(2500);
    expect(s.emu.requestCount()).toBe(seen);
  });

  it('abandoned reads are cut off: a slow answer in flight is not waited for nor followed up', async () => {
    const s = await startStudio(started);
    breakConfig(s);
    s.emu.setLatency(1500);
    s.emu.resetCounters();
    const startedAt = Date.now();
    const run = await s.run(['plan', 'access']);
    expect(run.code, run.stderr).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(1500);
    const seen = s.emu.requestCount();
    expect(seen).toBeGreaterThan(0);
    await sleep(2500); // the answers would have come and the next reads been sent
    expect(s.emu.requestCount()).toBe(seen);
  });

  it('a missing API key sends no request at all, whatever the config', async () => {
    const s = await startStudio(started);
    s.emu.resetCounters();
    const valid = await s.run(['plan', 'access'], { env: { FTRACK_API_KEY: undefined } });
    expect(valid.code).toBe(1);
    expect(valid.stderr).toMatch(/FTRACK_API_KEY/);
    breakConfig(s);
    const invalid = await s.run(['plan', 'access'], { env: { FTRACK_API_KEY: undefined } });
    expect(invalid.code).toBe(1);
    // The config's own errors are reported first.
    expect(invalid.stderr).toMatch(/zz-broken\.yaml:4:5/);
    expect(s.emu.requestCount()).toBe(0);
  });

  it('plain http to a host that is not loopback is refused before any request', async () => {
    const s = await startStudio(started);
    // 192.0.2.0/24 is TEST-NET-1: nothing answers there, and nothing may be sent.
    const startedAt = Date.now();
    const run = await s.run(['plan', 'access'], {
      env: { FTRACK_SERVER: 'http://192.0.2.1', FTRACK_API_KEY: KEY },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/https/);
    expect(run.stderr).not.toContain(KEY);
    expect(Date.now() - startedAt).toBeLessThan(5000);
  });
});
