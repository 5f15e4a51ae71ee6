import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.js';
import { applyWorkflow } from '../../../src/pipeline/apply.js';
import { ApiKey, openSession, type Session } from '../../../src/session/index.js';
import { EXAMPLE_STUDIO, startStudio, writeRequests } from '../../reliability/helpers.js';

// Issue 23, item 3: an apply killed after "Applying N operations…" left no audit line
// although the server held every change, and the next run logged only `no-changes`. A
// line recording the attempt (outcome `pending`) is now written and flushed before the
// write is sent; the next apply that finds it says whether it was applied and records that.
// An audit log that cannot be written is found before anything is sent.

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emu) => emu.stop()));
});

const lines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];

/** The id of a process that has ended. */
const deadPid = (): number =>
  Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout);

/** A session whose writes reach the server but never come back: the process "dies". */
function dyingAfterWrite(session: Session): Session {
  return new Proxy(session, {
    get(target, property) {
      if (property === 'call') {
        return async (
          operations: Parameters<Session['call']>[0],
          options?: { write?: boolean },
        ) => {
          const results = await target.call(operations, options);
          const write = operations.some((o) => !o.action.startsWith('query'));
          return write ? new Promise(() => undefined) : results;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

describe('the audit log of an apply', () => {
  it('records the attempt before sending, and the next apply says what became of it', async () => {
    const s = await startStudio(started, EXAMPLE_STUDIO);
    const audit = join(s.dir, '.ftrack-roles/audit.jsonl');
    const connect = () =>
      dyingAfterWrite(
        openSession({
          server: s.emu.url,
          apiUser: 'svc-access',
          apiKey: new ApiKey('local-demo-key'),
        }),
      );
    const statuses: string[] = [];
    void applyWorkflow(
      {
        source: { config: { paths: ['access'], cwd: s.dir, now: () => new Date() } },
        connect,
        dryRun: false,
        audit: {
          file: audit,
          cwd: s.dir,
          env: {},
          now: () => new Date(),
          redact: (t) => t,
          // The run "dies": it stands for a process of this machine that is gone now.
          origin: { host: hostname(), pid: deadPid(), isAlive: () => false },
        },
      },
      {
        onPlan: () => undefined,
        onStatus: (line) => statuses.push(line),
        confirm: () => Promise.resolve('assumed'),
      },
    );
    for (let i = 0; i < 200 && writeRequests(s.emu).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(writeRequests(s.emu)).toHaveLength(1);
    const [pending] = lines(audit);
    expect(pending).toMatchObject({ outcome: 'pending' });
    expect(pending!['operations']).toBeGreaterThan(0);
    expect(typeof pending!['attempt']).toBe('string');

    const next = await s.run(['apply', 'access', '--yes']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain('was applied in full');
    const after = lines(audit);
    expect(after.map((l) => l['outcome'])).toEqual(['pending', 'recovered-applied', 'no-changes']);
    expect(after[1]!['attempt']).toBe(pending!['attempt']);
  });

  it('that cannot be written stops apply before anything is sent', async () => {
    const s = await startStudio(started, EXAMPLE_STUDIO);
    s.emu.resetCounters();
    const started_ = Date.now();
    const result = await s.run(['apply', 'access', '--yes', '--audit-log', '/proc/x/y']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot write the audit log /proc/x/y');
    expect(result.stderr).toContain('nothing was sent');
    expect(writeRequests(s.emu)).toEqual([]);
    expect(Date.now() - started_).toBeLessThan(10_000);
  });
});
