import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import {
  EXAMPLE_STUDIO,
  startStudio,
  WRITE_ACTIONS,
  writeRequests,
  type Studio,
} from '../reliability/helpers.js';

const KEY = 'local-demo-key';

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emu) => emu.stop()));
});

/** A fresh emulator seeded with the example studio and a temp copy of its access files. */
function studio(): Promise<Studio> {
  return startStudio(started, EXAMPLE_STUDIO);
}

function writeCount(emu: Emulator): number {
  const counts = emu.operationCounts();
  return WRITE_ACTIONS.reduce((sum, action) => sum + (counts[action] ?? 0), 0);
}

function auditLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function rolesOf(emu: Emulator, username: string) {
  return emu.snapshot().users.find((u) => u.username === username)?.roles;
}

/** Ids by name, read from the emulator in-process. */
async function idOf(emu: Emulator, type: string, where: string): Promise<string> {
  const [result] = (await emu.call([
    { action: 'query', expression: `select id from ${type} where ${where}` },
  ])) as { data: { id: string }[] }[];
  const id = result?.data[0]?.id;
  if (id === undefined) throw new Error(`no ${type} where ${where}`);
  return id;
}

const EXPECTED_AFTER = {
  bo: { User: { all_open: true, projects: [] } },
  jules: {
    'Restricted User': { all_open: false, projects: ['nebula'] },
    User: { all_open: false, projects: ['falcon'] },
  },
};

describe('ftrack-roles apply', () => {
  it('plans, applies in one call with --yes, verifies, and the next plan is empty', async () => {
    const s = await studio();
    const before = await s.run(['plan', 'access', '--detailed-exitcode']);
    expect(before.code, before.stderr).toBe(2);
    s.emu.resetCounters();

    const applied = await s.run(['apply', 'access', '--yes'], {
      env: { GITHUB_SHA: 'abc123', GITHUB_RUN_ID: '42' },
    });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Plan: 2 to assign, 2 to modify, 3 to remove.');
    expect(applied.stderr).toMatch(/Applied 7 changes \(\d+ operations\) and verified them/);
    const writes = writeRequests(s.emu);
    expect(writes).toHaveLength(1);
    expect(
      writes[0]!.every((op) => WRITE_ACTIONS.includes((op as { action: string }).action)),
    ).toBe(true);
    expect(rolesOf(s.emu, 'bo')).toEqual(EXPECTED_AFTER.bo);
    expect(rolesOf(s.emu, 'jules')).toEqual(EXPECTED_AFTER.jules);
    expect(rolesOf(s.emu, 'pat')?.['Legacy Editor']).toBeUndefined();
    expect(rolesOf(s.emu, 'kim')?.['Project Manager']).toBeUndefined();
    // zoe is inactive: her User role, which the files own, is gone (inactive_users: remove).
    expect(rolesOf(s.emu, 'zoe')).toEqual({});

    const after = await s.run(['plan', 'access', '--detailed-exitcode']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain('No changes.');

    // A pending line, flushed before the batch was sent, then the outcome line.
    const [pending, line] = auditLines(join(s.dir, '.ftrack-roles/audit.jsonl'));
    expect(pending).toMatchObject({ outcome: 'pending', attempt: line?.['attempt'] });
    expect(line).toMatchObject({
      command: 'apply',
      server: s.emu.url,
      api_user: 'svc-access',
      outcome: 'applied',
      operations: writes[0]!.length,
      ci: { provider: 'github', commit: 'abc123', run: '42' },
    });
    expect(line?.['time']).toBe('2026-01-01T00:00:00.000Z');
    expect(line?.['config_digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(line?.['state_digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(line?.['state_digest_after']).not.toBe(line?.['state_digest']);
    expect((line?.['changes'] as unknown[]).length).toBe(7);
    expect(readFileSync(join(s.dir, '.ftrack-roles/audit.jsonl'), 'utf8')).not.toContain(KEY);
    expect(s.outputs.join('')).not.toContain(KEY);
  });

  it('says "No changes." and sends nothing when the server already matches', async () => {
    const s = await studio();
    expect((await s.run(['apply', 'access', '--yes'])).code).toBe(0);
    s.emu.resetCounters();
    const again = await s.run(['apply', 'access', '--yes', '--audit-log', 'logs/apply.jsonl']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('No changes.');
    expect(writeCount(s.emu)).toBe(0);
    expect(auditLines(join(s.dir, 'logs/apply.jsonl'))).toMatchObject([
      { outcome: 'no-changes', operations: 0 },
    ]);
  });

  it('--dry-run prints the plan and the exact operations, and sends no write', async () => {
    const s = await studio();
    const saved = await s.run(['plan', 'access', '--format', 'json']);
    const planned = JSON.parse(saved.stdout) as { operations: unknown[] };
    s.emu.resetCounters();
    const dry = await s.run(['apply', 'access', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Plan: 2 to assign, 2 to modify, 3 to remove.');
    // The operations in names, one numbered line each (the ids: --format json, below).
    const listed = dry.stdout.match(/^ +\d+\. \w+_user_security_role(_project)? user "/gm);
    expect(listed).toHaveLength(planned.operations.length);
    const json = await s.run(['apply', 'access', '--dry-run', '--format', 'json']);
    expect((JSON.parse(json.stdout) as typeof planned).operations).toEqual(planned.operations);
    expect(dry.stderr).toContain('Dry run: nothing was sent.');
    expect(writeCount(s.emu)).toBe(0);
    expect(Object.keys(s.emu.operationCounts())).toEqual(['query']);
    expect(rolesOf(s.emu, 'bo')).toEqual({});
    expect(auditLines(join(s.dir, '.ftrack-roles/audit.jsonl'))).toMatchObject([
      { outcome: 'dry-run' },
      { outcome: 'dry-run' },
    ]);
  });

  it('requires --yes without a terminal and sends nothing', async () => {
    const s = await studio();
    s.emu.resetCounters();
    const refused = await s.run(['apply', 'access'], {
      env: { CI_COMMIT_SHA: 'def456', CI_PIPELINE_ID: '7' },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--yes');
    expect(refused.stderr).toContain('Nothing was sent');
    expect(writeCount(s.emu)).toBe(0);
    const [line] = auditLines(join(s.dir, '.ftrack-roles/audit.jsonl'));
    expect(line).toMatchObject({
      outcome: 'refused',
      ci: { provider: 'gitlab', commit: 'def456', run: '7' },
    });
    expect(String(line?.['message'])).toContain('--yes');
  });

  it('asks on a terminal: "no" cancels, "yes" applies', async () => {
    const s = await studio();
    const questions: string[] = [];
    const ask = (answer: boolean) => ({
      stdinIsTTY: true,
      confirm: (question: string) => {
        questions.push(question);
        return Promise.resolve(answer);
      },
    });
    const declined = await s.run(['apply', 'access'], { io: ask(false) });
    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain('Apply cancelled; nothing was sent.');
    expect(writeCount(s.emu)).toBe(0);
    const accepted = await s.run(['apply', 'access'], { io: ask(true) });
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(questions[0]).toContain(`Apply these 7 changes`);
    expect(rolesOf(s.emu, 'bo')).toEqual(EXPECTED_AFTER.bo);
    expect(auditLines(join(s.dir, '.ftrack-roles/audit.jsonl')).map((l) => l['outcome'])).toEqual([
      'declined',
      'pending',
      'applied',
    ]);
  });

  it('re-checks the server after a person confirmed, and refuses with exit 4 if it moved', async () => {
    const s = await studio();
    const user_id = await idOf(s.emu, 'User', 'username is "kim"');
    const role_id = await idOf(s.emu, 'SecurityRole', 'name is "Project Manager"');
    const meanwhile = {
      stdinIsTTY: true,
      confirm: async () => {
        // Someone else removes kim's Project Manager while the prompt is open.
        await s.emu.call([{ action: 'remove_user_security_role', user_id, role_id }]);
        s.emu.resetCounters();
        return true;
      },
    };
    const stale = await s.run(['apply', 'access'], { io: meanwhile });
    expect(stale.code).toBe(4);
    expect(stale.stderr).toContain(
      'The plan is stale: the server changed while you were confirming.',
    );
    expect(stale.stderr).toContain('kim / Project Manager: planned from ember, now not held');
    expect(writeCount(s.emu)).toBe(0);
  });

  it('refuses a plan over max_removals (exit 3) and sends nothing', async () => {
    const s = await studio();
    const settings = join(s.dir, 'access/settings.yaml');
    writeFileSync(
      settings,
      readFileSync(settings, 'utf8').replace('max_removals: 25', 'max_removals: 1'),
    );
    s.emu.resetCounters();
    const refused = await s.run(['apply', 'access', '--yes']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('--allow-removals 3');
    expect(writeCount(s.emu)).toBe(0);
    const allowed = await s.run(['apply', 'access', '--yes', '--allow-removals', '3']);
    expect(allowed.code, allowed.stderr).toBe(0);
  });
});

describe('ftrack-roles apply --plan FILE', () => {
  it('applies a saved plan, then the server matches the config', async () => {
    const s = await studio();
    expect((await s.run(['plan', 'access', '--out', 'plan.json'])).code).toBe(0);
    s.emu.resetCounters();
    const applied = await s.run(['apply', '--plan', 'plan.json', '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(writeRequests(s.emu)).toHaveLength(1);
    expect((await s.run(['plan', 'access', '--detailed-exitcode'])).code).toBe(0);
    const [pending, line] = auditLines(join(s.dir, '.ftrack-roles/audit.jsonl'));
    expect(pending).toMatchObject({ outcome: 'pending', plan_file: 'plan.json' });
    expect(line).toMatchObject({ outcome: 'applied', plan_file: 'plan.json' });
  });

  it('refuses a stale plan with exit 4, names what changed, and sends nothing', async () => {
    const s = await studio();
    expect((await s.run(['plan', 'access', '--out', 'plan.json'])).code).toBe(0);
    // Out of band: bo gets User on nebula (the plan wanted to assign User from scratch).
    const user_id = await idOf(s.emu, 'User', 'username is "bo"');
    const role_id = await idOf(s.emu, 'SecurityRole', 'name is "User"');
    const project_id = await idOf(s.emu, 'Project', 'name is "nebula"');
    await s.emu.call(
      [
        { action: 'add_user_security_role', user_id, role_id },
        { action: 'grant_user_security_role_project', user_id, role_id, project_id },
      ],
      { asUser: 'maria' },
    );
    s.emu.resetCounters();
    const stale = await s.run(['apply', '--plan', 'plan.json', '--yes']);
    expect(stale.code).toBe(4);
    expect(stale.stderr).toContain('stale');
    expect(stale.stderr).toContain('bo / User: planned from not held, now nebula');
    expect(writeCount(s.emu)).toBe(0);
    expect(rolesOf(s.emu, 'bo')).toEqual({ User: { all_open: false, projects: ['nebula'] } });
    expect(auditLines(join(s.dir, '.ftrack-roles/audit.jsonl'))).toMatchObject([
      { outcome: 'stale' },
    ]);
  });

  it('refuses a plan for another server, a newer format, or edited operations', async () => {
    const s = await studio();
    expect((await s.run(['plan', 'access', '--out', 'plan.json'])).code).toBe(0);
    const plan = JSON.parse(readFileSync(join(s.dir, 'plan.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const write = (name: string, value: unknown) =>
      writeFileSync(join(s.dir, name), JSON.stringify(value, null, 2));
    write('other.json', { ...plan, server: 'https://studio.ftrackapp.com' });
    write('newer.json', { ...plan, format_version: 2 });
    const operations = plan['operations'] as unknown[];
    write('edited.json', { ...plan, operations: operations.slice(1) });
    write('swapped.json', { ...plan, operations: [...operations].reverse() });
    s.emu.resetCounters();
    const other = await s.run(['apply', '--plan', 'other.json', '--yes']);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('The plan was made for the server https://studio.ftrackapp.com');
    const newer = await s.run(['apply', '--plan', 'newer.json', '--yes']);
    expect(newer.code).toBe(1);
    expect(newer.stderr).toContain('Unsupported plan format_version 2');
    for (const file of ['edited.json', 'swapped.json']) {
      const edited = await s.run(['apply', '--plan', file, '--yes']);
      expect(edited.code).toBe(1);
      expect(edited.stderr).toContain('The plan file was modified');
    }
    const missing = await s.run(['apply', '--plan', 'missing.json', '--yes']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read the plan file (ENOENT)');
    expect(writeCount(s.emu)).toBe(0);
    const outcomes = auditLines(join(s.dir, '.ftrack-roles/audit.jsonl')).map((l) => l['outcome']);
    expect(outcomes).toEqual(['refused', 'refused', 'refused', 'refused', 'refused']);
  });

  it('accepts the server URL with a trailing slash', async () => {
    const s = await studio();
    expect((await s.run(['plan', 'access', '--out', 'plan.json'])).code).toBe(0);
    const applied = await s.run([
      'apply',
      '--plan',
      'plan.json',
      '--yes',
      '--server',
      `${s.emu.url}/`,
    ]);
    expect(applied.code, applied.stderr).toBe(0);
  });
});

describe('ftrack-roles apply when the batch fails', () => {
  it('a batch the server rejects leaves the server untouched (exit 1)', async () => {
    const s = await studio();
    const before = s.emu.snapshot();
    // Out of band: the API user loses Administrator, so the security-role actions are refused.
    const user_id = await idOf(s.emu, 'User', 'username is "svc-access"');
    const role_id = await idOf(s.emu, 'SecurityRole', 'name is "Administrator"');
    await s.emu.call([{ action: 'remove_user_security_role', user_id, role_id }]);
    const withoutAdmin = s.emu.snapshot();
    const rejected = await s.run(['apply', 'access', '--yes']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('The server rejected the batch');
    expect(rejected.stderr).toContain('Nothing was changed');
    expect(s.emu.snapshot()).toEqual(withoutAdmin);
    expect(s.emu.snapshot()).not.toEqual(before);
    expect(writeRequests(s.emu)).toHaveLength(1);
    expect(auditLines(join(s.dir, '.ftrack-roles/audit.jsonl'))).toMatchObject([
      { outcome: 'pending' },
      { outcome: 'rejected' },
    ]);
  });

  it('an HTTP 500 on the write is not retried and nothing changes', async () => {
    const s = await studio();
    const before = s.emu.snapshot();
    s.emu.injectFault({ kind: 'status', status: 500, on: 'write' });
    s.emu.resetCounters();
    const failed = await s.run(['apply', 'access', '--yes']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Nothing was changed');
    expect(writeRequests(s.emu)).toHaveLength(1);
    expect(s.emu.snapshot()).toEqual(before);
  });

  it('reset after commit: reported applied in full, exit 1, and the next apply sends nothing', async () => {
    const s = await studio();
    s.emu.injectFault({ kind: 'reset-after-commit', on: 'write' });
    s.emu.resetCounters();
    const lost = await s.run(['apply', 'access', '--yes']);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain('The batch was not resent');
    expect(lost.stderr).toContain('the batch was applied in full');
    expect(writeRequests(s.emu)).toHaveLength(1);
    expect(rolesOf(s.emu, 'bo')).toEqual(EXPECTED_AFTER.bo);
    s.emu.resetCounters();
    const next = await s.run(['apply', 'access', '--yes']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain('No changes.');
    expect(writeCount(s.emu)).toBe(0);
    const outcomes = auditLines(join(s.dir, '.ftrack-roles/audit.jsonl')).map((l) => l['outcome']);
    expect(outcomes).toEqual(['pending', 'unknown-applied', 'no-changes']);
  });

  it('reset before commit: reported not applied, exit 1, and the next apply converges', async () => {
    const s = await studio();
    const before = s.emu.snapshot();
    s.emu.injectFault({ kind: 'reset-before-commit', on: 'write' });
    s.emu.resetCounters();
    const lost = await s.run(['apply', 'access', '--yes']);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain('the batch was not applied at all');
    expect(writeRequests(s.emu)).toHaveLength(1);
    expect(s.emu.snapshot()).toEqual(before);
    s.emu.resetCounters();
    const next = await s.run(['apply', 'access', '--yes']);
    expect(next.code, next.stderr).toBe(0);
    expect(writeRequests(s.emu)).toHaveLength(1);
    expect((await s.run(['plan', 'access', '--detailed-exitcode'])).code).toBe(0);
    const outcomes = auditLines(join(s.dir, '.ftrack-roles/audit.jsonl')).map((l) => l['outcome']);
    expect(outcomes).toEqual(['pending', 'unknown-not-applied', 'pending', 'applied']);
    expect(s.outputs.join('')).not.toContain(KEY);
  });

  it.each([
    ['truncated-body', 'unknown-applied', 'the batch was applied in full'],
    ['malformed-body', 'unknown-not-applied', 'the batch was not applied at all'],
  ] as const)(
    'an unreadable answer (%s) is an unknown outcome, judged by re-reading',
    async (kind, outcome, words) => {
      const s = await studio();
      s.emu.injectFault({ kind, on: 'write' });
      s.emu.resetCounters();
      const lost = await s.run(['apply', 'access', '--yes']);
      expect(lost.code).toBe(1);
      expect(lost.stderr).toContain(words);
      expect(writeRequests(s.emu)).toHaveLength(1);
      const next = await s.run(['apply', 'access', '--yes']);
      expect(next.code, next.stderr).toBe(0);
      expect((await s.run(['plan', 'access', '--detailed-exitcode'])).code).toBe(0);
      const outcomes = auditLines(join(s.dir, '.ftrack-roles/audit.jsonl')).map(
        (l) => l['outcome'],
      );
      expect(outcomes).toEqual(
        outcome === 'unknown-applied'
          ? ['pending', outcome, 'no-changes']
          : ['pending', outcome, 'pending', 'applied'],
      );
    },
  );

  it('never writes the key, even when read from --api-key-file', async () => {
    const s = await studio();
    writeFileSync(join(s.dir, 'key.txt'), `${KEY}\n`);
    s.emu.injectFault({ kind: 'reset-after-commit', on: 'write' });
    const run = await s.run(['apply', 'access', '--yes', '--api-key-file', 'key.txt'], {
      env: { FTRACK_API_KEY: '' },
    });
    expect(run.code).toBe(1);
    expect(existsSync(join(s.dir, '.ftrack-roles/audit.jsonl'))).toBe(true);
    expect(readFileSync(join(s.dir, '.ftrack-roles/audit.jsonl'), 'utf8')).not.toContain(KEY);
    expect(s.outputs.join('')).not.toContain(KEY);
  });
});
