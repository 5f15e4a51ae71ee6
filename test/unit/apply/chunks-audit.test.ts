import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditTrail, findPendingAttempts, splitPlan } from '../../../src/apply/index.js';
import { planChanges } from '../../../src/plan/index.js';
import { desiredState, serverState } from '../plan/builders.js';

const current = serverState({
  users: [
    { username: 'ana', roles: { User: ['alpha'] } },
    { username: 'bo' },
    { username: 'cy', roles: { Lead: 'all-open' } },
  ],
});
const { plan } = planChanges({
  desired: desiredState({
    users: { ana: { User: 'all-open' }, bo: { User: ['beta'] }, cy: {} },
  }),
  current,
  apiUser: 'svc',
  now: new Date(),
});

function trail() {
  const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-chunks-audit-'));
  const audit = new AuditTrail({
    file: 'audit.jsonl',
    cwd: dir,
    env: {},
    now: () => new Date('2026-01-01T00:00:00Z'),
    redact: (text) => text,
  });
  audit.plan = plan;
  const lines = () =>
    readFileSync(join(dir, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { audit, dir, lines };
}

describe('the audit lines of a chunked apply', () => {
  const calls = splitPlan(plan, current, 1);

  it('each chunk: its pending line, then accepted; the last one sent gets the outcome', async () => {
    expect(calls.map((c) => c.users)).toEqual([['ana'], ['bo'], ['cy']]);
    const { audit, lines } = trail();
    for (const call of calls) {
      audit.call = call;
      await audit.recordPending();
      if (call.index < call.count) await audit.recordAccepted(`chunk ${call.index} accepted`);
    }
    await audit.record('applied', { message: 'done' });
    const written = lines();
    expect(written.map((l) => [l['outcome'], l['chunk']])).toEqual([
      ['pending', { index: 1, count: 3, users: ['ana'] }],
      ['accepted', { index: 1, count: 3, users: ['ana'] }],
      ['pending', { index: 2, count: 3, users: ['bo'] }],
      ['accepted', { index: 2, count: 3, users: ['bo'] }],
      ['pending', { index: 3, count: 3, users: ['cy'] }],
      ['applied', { index: 3, count: 3, users: ['cy'] }],
    ]);
    expect(written[2]).toMatchObject({
      operations: calls[1]!.operations.length,
      changes: [{ user: 'bo', role: 'User', action: 'assign' }],
      summary: { users: 1, changes: 1, assign: 1 },
    });
  });

  it('a run cut off during chunk 2 leaves only that chunk pending (judged on its changes)', async () => {
    const { audit, dir } = trail();
    audit.call = calls[0];
    await audit.recordPending();
    await audit.recordAccepted('chunk 1 accepted');
    audit.call = calls[1];
    await audit.recordPending();
    const pending = await findPendingAttempts('audit.jsonl', dir);
    expect(pending.map((p) => [p.chunk?.index, p.changes.map((c) => c.user)])).toEqual([
      [2, ['bo']],
    ]);
  });

  it('each chunk is an attempt of its own: a chunk whose accepted line is missing stays pending', async () => {
    const { audit, dir } = trail();
    audit.call = calls[0];
    await audit.recordPending(); // its accepted line could not be written
    audit.call = calls[1];
    await audit.recordPending();
    const pending = await findPendingAttempts('audit.jsonl', dir);
    expect(pending.map((p) => p.chunk?.index)).toEqual([1, 2]);
  });

  it('a single call has no chunk', async () => {
    const { audit, lines } = trail();
    audit.call = splitPlan(plan, current)[0];
    await audit.recordPending();
    expect(lines()[0]).toMatchObject({ chunk: null, operations: plan.operations.length });
  });
});
