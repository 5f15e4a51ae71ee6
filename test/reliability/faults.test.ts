import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorSnapshot } from '../../src/emulator/index.js';
import {
  auditOutcomes,
  idOf,
  KEY,
  runIn,
  SEED_FILE,
  startStudio,
  writeRequests,
  type Studio,
} from './helpers.js';

/**
 * Issue 11, part 2: faults injected through the emulator, through the CLI. Each case
 * asserts the exit code and message, then the server state afterwards (snapshot): nothing
 * half-applied, nothing applied twice. Complements test/e2e/apply.test.ts (which covers
 * reset before/after commit, malformed/truncated answers to the WRITE, HTTP 500 on the
 * write, a batch rejected for permissions, and stale saved plans).
 */
const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emu) => emu.stop()));
});

/** The example studio after a successful apply: the desired state. */
let converged: EmulatorSnapshot;
let seeded: EmulatorSnapshot;
beforeAll(async () => {
  const s = await startStudio(started);
  seeded = s.emu.snapshot();
  const applied = await s.run(['apply', 'access', '--yes']);
  expect(applied.code, applied.stderr).toBe(0);
  converged = s.emu.snapshot();
  expect(converged).not.toEqual(seeded);
});

async function expectConverges(s: Studio): Promise<void> {
  const next = await s.run(['apply', 'access', '--yes']);
  expect(next.code, next.stderr).toBe(0);
  expect(s.emu.snapshot()).toEqual(converged);
  const plan = await s.run(['plan', 'access', '--detailed-exitcode']);
  expect(plan.code, plan.stderr).toBe(0);
}

describe('network faults on reads are retried; the apply still happens exactly once', () => {
  it.each([
    ['reset-before-commit', { kind: 'reset-before-commit', on: 'read', times: 2 }],
    ['reset-after-commit', { kind: 'reset-after-commit', on: 'read', times: 2 }],
    ['429 with Retry-After', { kind: 'status', status: 429, retryAfter: 0, on: 'read', times: 2 }],
    ['a 503 burst', { kind: 'status', status: 503, on: 'read', times: 3 }],
    ['502 Bad Gateway', { kind: 'status', status: 502, on: 'read', times: 2 }],
    ['504 Gateway Timeout', { kind: 'status', status: 504, on: 'read', times: 2 }],
    ['truncated body', { kind: 'truncated-body', on: 'read', times: 2 }],
  ] as const)('%s', async (_name, fault) => {
    const s = await startStudio(started);
    s.emu.injectFault(fault);
    s.emu.resetCounters();
    const applied = await s.run(['apply', 'access', '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(writeRequests(s.emu)).toHaveLength(1);
    expect(s.emu.snapshot()).toEqual(converged);
    expect(auditOutcomes(s.dir)).toEqual(['pending', 'applied']);
  });

  it('a 200 answer that is not JSON (a proxy page) on a read: exit 1, no write, then converges', async () => {
    const s = await startStudio(started);
    s.emu.injectFault({ kind: 'malformed-body', on: 'read' });
    s.emu.resetCounters();
    const failed = await s.run(['apply', 'access', '--yes']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('not JSON');
    expect(failed.stderr).not.toContain('Internal error');
    expect(writeRequests(s.emu)).toEqual([]);
    expect(s.emu.snapshot()).toEqual(seeded);
    await expectConverges(s);
  });

  it('gives up after the retry budget on a long 503 burst, sends no write, exit 1', async () => {
    const s = await startStudio(started);
    s.emu.injectFault({ kind: 'status', status: 503, on: 'read', times: 50 });
    s.emu.resetCounters();
    const failed = await s.run(['plan', 'access']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/HTTP 503.*gave up after 5 attempts/);
    expect(failed.stderr).not.toContain('Internal error');
    expect(writeRequests(s.emu)).toEqual([]);
    expect(s.emu.snapshot()).toEqual(seeded);
  });
});

describe('faults on the write: never retried, and the next apply converges', () => {
  it('HTTP 429 on the write: the server ran nothing, so it is sent again once Retry-After has passed', async () => {
    const s = await startStudio(started);
    s.emu.injectFault({ kind: 'status', status: 429, on: 'write', retryAfter: 0 });
    s.emu.resetCounters();
    const applied = await s.run(['apply', 'access', '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    // the refused write, then the same write again: applied once
    const writes = writeRequests(s.emu);
    expect(writes).toHaveLength(2);
    expect(writes[1]).toEqual(writes[0]);
    expect(s.emu.snapshot()).toEqual(converged);
    expect(auditOutcomes(s.dir)).toEqual(['pending', 'applied']);
  });

  it.each([503, 502, 504] as const)('HTTP %i on the write is not retried', async (status) => {
    const s = await startStudio(started);
    s.emu.injectFault({ kind: 'status', status, on: 'write', retryAfter: 0 });
    s.emu.resetCounters();
    const failed = await s.run(['apply', 'access', '--yes']);
    expect(failed.code).toBe(1);
    expect(writeRequests(s.emu)).toHaveLength(1);
    expect(failed.stderr).not.toContain('Internal error');
    // 502/504 may come from a proxy after the server committed: an unknown outcome that
    // is judged by re-reading; 503 says the server did not take the call, but a server
    // overloaded mid-call may still have run it, so the write is not resent.
    expect(s.emu.snapshot()).toEqual(seeded);
    await expectConverges(s);
    expect(writeRequests(s.emu)).toHaveLength(2);
  });

  it('a reset after commit, then `apply --plan` of the same saved plan: refused as stale, never resent', async () => {
    const s = await startStudio(started);
    expect((await s.run(['plan', 'access', '--out', 'plan.json'])).code).toBe(0);
    s.emu.injectFault({ kind: 'reset-after-commit', on: 'write' });
    const lost = await s.run(['apply', '--plan', 'plan.json', '--yes']);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain('the batch was applied in full');
    expect(s.emu.snapshot()).toEqual(converged);
    s.emu.resetCounters();
    const again = await s.run(['apply', '--plan', 'plan.json', '--yes']);
    expect(again.code).toBe(4);
    expect(writeRequests(s.emu)).toEqual([]);
    expect(s.emu.snapshot()).toEqual(converged);
    expect(auditOutcomes(s.dir)).toEqual(['pending', 'unknown-applied', 'stale']);
  });
});

describe('connection and credentials', () => {
  it('connection refused (a closed port): exit 1, a clear message, nothing recorded as applied', async () => {
    const emu = await startEmulator({ seedFile: SEED_FILE });
    const url = emu.url;
    await emu.stop();
    const env = { FTRACK_SERVER: url, FTRACK_API_USER: 'svc-access', FTRACK_API_KEY: KEY };
    const s = await startStudio(started);
    const refused = await runIn(s.dir, ['apply', 'access', '--yes'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ECONNREFUSED');
    expect(refused.stderr).toContain(url);
    expect(refused.stderr).not.toContain('Internal error');
    expect(refused.stdout).toBe('');
    expect(auditOutcomes(s.dir)).not.toContain('applied');
  });

  it('bad credentials: exit 1 after one request (not retried), no key in the output', async () => {
    const s = await startStudio(started);
    s.emu.resetCounters();
    const denied = await s.run(['apply', 'access', '--yes'], {
      env: { FTRACK_API_KEY: 'wrong-key-123' },
    });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/credential|authenticat/i);
    expect(denied.stderr + denied.stdout).not.toContain('wrong-key-123');
    // Not retried: no request was sent twice.
    const bodies = s.emu.requests().map((ops) => JSON.stringify(ops));
    expect(bodies.length).toBeGreaterThan(0);
    expect(new Set(bodies).size).toBe(bodies.length);
    expect(writeRequests(s.emu)).toEqual([]);
    expect(s.emu.snapshot()).toEqual(seeded);
    // A user that does not exist is refused the same way.
    const unknown = await s.run(['plan', 'access'], { env: { FTRACK_API_USER: 'mallory' } });
    expect(unknown.code).toBe(1);
    expect(s.emu.snapshot()).toEqual(seeded);
  });
});

/** Runs `fn` while the write batch is held by a delay fault, before the server commits it. */
function duringWrite(s: Studio, ms: number, fn: () => Promise<void>): Promise<void> {
  s.emu.injectFault({ kind: 'delay', ms, on: 'write' });
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (writeRequests(s.emu).length === 0) return;
      clearInterval(poll);
      fn().then(resolve, reject);
    }, 5);
  });
}

describe('the server refuses the batch in flight: all or nothing', () => {
  it('permission revoked while the batch is in flight: rejected, nothing of it applied', async () => {
    const s = await startStudio(started);
    const user_id = await idOf(s.emu, 'User', 'username is "svc-access"');
    const role_id = await idOf(s.emu, 'SecurityRole', 'name is "Administrator"');
    s.emu.resetCounters();
    let revoked: EmulatorSnapshot | undefined;
    const meanwhile = duringWrite(s, 300, async () => {
      await s.emu.call([{ action: 'remove_user_security_role', user_id, role_id }]);
      revoked = s.emu.snapshot();
    });
    const rejected = await s.run(['apply', 'access', '--yes']);
    await meanwhile;
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('The server rejected the batch');
    expect(rejected.stderr).toMatch(/permission/i);
    expect(rejected.stderr).toContain('Nothing was changed');
    expect(s.emu.snapshot()).toEqual(revoked);
    expect(auditOutcomes(s.dir)).toEqual(['pending', 'rejected']);
  });

  it('the permission check fails in the middle of a batch: the earlier operations are undone', async () => {
    const s = await startStudio(started);
    const id = (type: string, where: string) => idOf(s.emu, type, where);
    const [svc, bo, admin, user] = await Promise.all([
      id('User', 'username is "svc-access"'),
      id('User', 'username is "bo"'),
      id('SecurityRole', 'name is "Administrator"'),
      id('SecurityRole', 'name is "User"'),
    ]);
    const before = s.emu.snapshot();
    const batch = [
      { action: 'add_user_security_role', user_id: bo, role_id: user },
      { action: 'remove_user_security_role', user_id: svc, role_id: admin },
      {
        action: 'grant_user_security_role_project',
        user_id: bo,
        role_id: user,
        all_open_projects: true,
      },
    ];
    await expect(s.emu.call(batch, { asUser: 'svc-access' })).rejects.toThrow(/permission/i);
    expect(s.emu.snapshot()).toEqual(before);
  });

  it('a strict-semantics error on one operation mid-batch: rejected, quoted, nothing applied', async () => {
    const s = await startStudio(started);
    const planned = JSON.parse((await s.run(['plan', 'access', '--format', 'json'])).stdout) as {
      operations: { action: string }[];
    };
    // Out of band while the batch is in flight: bo gets User (the plan adds it, after
    // other operations), so the server refuses that add as "already held".
    const addIndex = planned.operations.findIndex((o) => o.action === 'add_user_security_role');
    expect(addIndex).toBeGreaterThan(-1);
    const user_id = await idOf(s.emu, 'User', 'username is "bo"');
    const role_id = await idOf(s.emu, 'SecurityRole', 'name is "User"');
    s.emu.resetCounters();
    let changed: EmulatorSnapshot | undefined;
    const meanwhile = duringWrite(s, 300, async () => {
      await s.emu.call([{ action: 'add_user_security_role', user_id, role_id }]);
      changed = s.emu.snapshot();
    });
    const rejected = await s.run(['apply', 'access', '--yes']);
    await meanwhile;
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('The server rejected the batch');
    // The server's answer verbatim; it names the user and the role, not the operation (no
    // index, no ids), so no operation is named.
    expect(rejected.stderr).toContain(
      'The server rejected the batch: DuplicateEntryError: User "bo" already holds the security role "User".',
    );
    expect(rejected.stderr).toMatch(
      /A call is all or nothing: none of its \d+ operations was applied/,
    );
    expect(rejected.stderr).not.toMatch(/operation #\d+/);
    expect(s.emu.snapshot()).toEqual(changed);
    expect(writeRequests(s.emu)).toHaveLength(1);
    await expectConverges(s);
  });
});

describe('the server changes between plan and apply', () => {
  it('a change outside the managed scope does not make a saved plan stale and is kept', async () => {
    const s = await startStudio(started);
    expect((await s.run(['plan', 'access', '--out', 'plan.json'])).code).toBe(0);
    // zoe is not managed: someone grants her User on ember.
    const user_id = await idOf(s.emu, 'User', 'username is "zoe"');
    const role_id = await idOf(s.emu, 'SecurityRole', 'name is "User"');
    const project_id = await idOf(s.emu, 'Project', 'name is "ember"');
    await s.emu.call([
      { action: 'grant_user_security_role_project', user_id, role_id, project_id },
    ]);
    const applied = await s.run(['apply', '--plan', 'plan.json', '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    const zoe = s.emu.snapshot().users.find((u) => u.username === 'zoe');
    expect(zoe?.roles).toEqual({ User: { all_open: false, projects: ['ember', 'harbor'] } });
    const others = (snap: EmulatorSnapshot) => snap.users.filter((u) => u.username !== 'zoe');
    expect(others(s.emu.snapshot())).toEqual(others(converged));
  });

  it('someone applied the same change by hand: the saved plan is stale (exit 4), nothing sent twice', async () => {
    const s = await startStudio(started);
    expect((await s.run(['plan', 'access', '--out', 'plan.json'])).code).toBe(0);
    const other = await runIn(s.dir, ['apply', 'access', '--yes'], {
      FTRACK_SERVER: s.emu.url,
      FTRACK_API_USER: 'maria',
      FTRACK_API_KEY: 'maria-demo-key',
    });
    expect(other.code, other.stderr).toBe(0);
    s.emu.resetCounters();
    const stale = await s.run(['apply', '--plan', 'plan.json', '--yes']);
    expect(stale.code).toBe(4);
    expect(writeRequests(s.emu)).toEqual([]);
    expect(s.emu.snapshot()).toEqual(converged);
  });
});

describe('two applies racing on the same server', () => {
  it('one applies, the other is refused or finds nothing to do; applied exactly once', async () => {
    const s = await startStudio(started);
    s.emu.setLatency(15);
    s.emu.resetCounters();
    const runs = await Promise.all([1, 2, 3].map(() => s.run(['apply', 'access', '--yes'])));
    const codes = runs.map((r) => r.code).sort();
    expect(codes[0]).toBe(0);
    for (const code of codes.slice(1)) expect([0, 1, 4]).toContain(code);
    for (const r of runs) expect(r.stderr).not.toContain('Internal error');
    expect(auditOutcomes(s.dir).filter((o) => o === 'applied')).toHaveLength(1);
    expect(s.emu.snapshot()).toEqual(converged);
    await expectConverges(s);
  });

  it('an apply waiting for confirmation while another applies: refused as stale (exit 4)', async () => {
    const s = await startStudio(started);
    const slow = await s.run(['apply', 'access'], {
      io: {
        stdinIsTTY: true,
        confirm: async () => {
          const fast = await s.run(['apply', 'access', '--yes']);
          expect(fast.code, fast.stderr).toBe(0);
          s.emu.resetCounters();
          return true;
        },
      },
    });
    expect(slow.code).toBe(4);
    expect(writeRequests(s.emu)).toEqual([]);
    expect(s.emu.snapshot()).toEqual(converged);
  });
});
