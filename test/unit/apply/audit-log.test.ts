import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AuditTrail,
  buildAuditEntry,
  ciFromEnv,
  findPendingAttempts,
} from '../../../src/apply/index.js';
import { appendAuditLog } from '../../../src/apply/audit-log.js';
import { buildReviewAuditEntry, parseReviewAuditLine } from '../../../src/apply/audit-review.js';
import { planChanges } from '../../../src/plan/index.js';
import { desiredState, serverState } from '../plan/builders.js';

describe('ciFromEnv', () => {
  it.each([
    [
      { GITHUB_SHA: 'a1', GITHUB_RUN_ID: '9' },
      { provider: 'github', commit: 'a1', run: '9' },
    ],
    [
      { CI_COMMIT_SHA: 'b2', CI_PIPELINE_ID: '8' },
      { provider: 'gitlab', commit: 'b2', run: '8' },
    ],
    [
      { GITHUB_SHA: ' ', CI_PIPELINE_ID: '8' },
      { provider: 'gitlab', commit: null, run: '8' },
    ],
    [{}, { provider: null, commit: null, run: null }],
  ])('%j → %j', (env, expected) => {
    expect(ciFromEnv(env)).toEqual(expected);
  });
});

describe('buildAuditEntry', () => {
  const current = serverState({ users: [{ username: 'ana', roles: { User: ['alpha'] } }] });
  const { plan } = planChanges({
    desired: desiredState({ users: { ana: { User: 'all-open' } } }),
    current,
    apiUser: 'svc',
    now: new Date(),
  });

  it('records the plan, the outcome and the CI run, and nothing else', () => {
    const entry = buildAuditEntry({
      time: new Date('2026-03-04T05:06:07Z'),
      attempt: 'a-1',
      outcome: 'applied',
      plan,
      planFile: 'plan.json',
      stateDigestAfter: `sha256:${'d'.repeat(64)}`,
      env: { GITHUB_SHA: 'abc', GITHUB_RUN_ID: '1', FTRACK_API_KEY: 'secret-key' },
    });
    expect(entry).toEqual({
      time: '2026-03-04T05:06:07.000Z',
      command: 'apply',
      attempt: 'a-1',
      host: null,
      pid: null,
      server: plan.server,
      api_user: 'svc',
      plan_file: 'plan.json',
      config_digest: plan.config_digest,
      state_digest: plan.state_digest,
      state_digest_after: `sha256:${'d'.repeat(64)}`,
      outcome: 'applied',
      message: null,
      chunk: null,
      operations: plan.operations.length,
      summary: plan.summary,
      changes: [
        {
          user: 'ana',
          role: 'User',
          action: 'modify',
          before: { all_open: false, projects: ['alpha'] },
          after: { all_open: true, projects: ['alpha'] },
        },
      ],
      ci: { provider: 'github', commit: 'abc', run: '1' },
    });
    expect(JSON.stringify(entry)).not.toContain('secret-key');
  });

  it('a chunk of a chunked apply: its operations, summary and changes, and which chunk', () => {
    const entry = buildAuditEntry({
      time: new Date(0),
      attempt: 'a-3',
      outcome: 'accepted',
      plan,
      chunk: { index: 2, count: 3, users: ['ana'], operations: 7, changes: [] },
      env: {},
    });
    expect(entry).toMatchObject({
      chunk: { index: 2, count: 3, users: ['ana'] },
      operations: 7,
      summary: { users: 0, changes: 0, assign: 0, remove: 0, modify: 0, removals: 0 },
      changes: [],
      state_digest: plan.state_digest,
    });
  });

  it('records an attempt that failed before any plan existed', () => {
    const entry = buildAuditEntry({
      time: new Date(0),
      attempt: 'a-2',
      outcome: 'error',
      message: 'No API key given',
      env: {},
    });
    expect(entry).toMatchObject({ server: null, api_user: null, operations: 0, changes: [] });
  });
});

describe('the line of a signed review', () => {
  const { plan } = planChanges({
    desired: desiredState({ users: { ana: { User: 'all-open' } } }),
    current: serverState({ users: [{ username: 'ana', roles: { User: ['alpha'] } }] }),
    apiUser: 'svc',
    now: new Date(),
  });
  const digest = `sha256:${'e'.repeat(64)}`;
  const review = {
    server: 'https://studio.ftrackapp.com',
    api_user: 'svc',
    generated_at: '2026-03-04T05:00:00.000Z',
    config_digest: `sha256:${'c'.repeat(64)}`,
    state_digest: `sha256:${'s'.repeat(64)}`,
  };
  const counts = { users: 3, holders: 2, projects: 5, grants: 4, access_rows: 9, exceptions: 1 };
  const entry = buildReviewAuditEntry({
    time: new Date('2026-03-04T05:06:07Z'),
    reviewer: 'Jane Doe',
    review,
    reportDigest: digest,
    counts: { ...counts },
    snapshot: `reviews/${'e'.repeat(64)}.json`,
    env: { CI_COMMIT_SHA: 'b2', CI_PIPELINE_ID: '8', FTRACK_API_KEY: 'secret-key' },
  });

  it('records who signed which report, of which server, with its counts and snapshot', () => {
    expect(entry).toEqual({
      time: '2026-03-04T05:06:07.000Z',
      command: 'report',
      event: 'review',
      reviewer: 'Jane Doe',
      ...review,
      report_digest: digest,
      counts,
      snapshot: `reviews/${'e'.repeat(64)}.json`,
      ci: { provider: 'gitlab', commit: 'b2', run: '8' },
    });
    expect(JSON.stringify(entry)).not.toContain('secret-key');
  });

  it('is read back; apply lines, lines cut short and lines not ours are skipped', () => {
    const line = JSON.stringify(entry);
    expect(parseReviewAuditLine(line)).toEqual(entry);
    const apply = buildAuditEntry({ time: new Date(0), attempt: 'a', outcome: 'error', env: {} });
    expect(parseReviewAuditLine(JSON.stringify(apply))).toBeUndefined();
    expect(parseReviewAuditLine(line.slice(0, -10))).toBeUndefined();
    expect(parseReviewAuditLine('"report"')).toBeUndefined();
    const broken = (change: Record<string, unknown>) =>
      parseReviewAuditLine(JSON.stringify({ ...entry, ...change }));
    expect(broken({ event: 'other' })).toBeUndefined();
    expect(broken({ report_digest: 'sha256:abc' })).toBeUndefined();
    expect(broken({ reviewer: 7 })).toBeUndefined();
    expect(broken({ counts: { ...counts, grants: '4' } })).toBeUndefined();
    expect(broken({ snapshot: null })).toBeUndefined();
  });

  it('leaves the recovery of an apply cut off after sending as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-review-line-'));
    const audit = new AuditTrail({
      file: 'audit.jsonl',
      cwd: dir,
      env: {},
      now: () => new Date('2026-01-01T00:00:00Z'),
      redact: (text) => text,
    });
    audit.plan = plan;
    await audit.recordPending();
    await appendAuditLog('audit.jsonl', dir, entry);
    const lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { command: string }).command)).toEqual([
      'apply',
      'report',
    ]);
    const pending = await findPendingAttempts('audit.jsonl', dir);
    expect(pending.map((p) => p.attempt)).toEqual([audit.attempt]);
    // Its outcome line closes it, the review line between the two changes nothing.
    await audit.record('applied');
    await appendAuditLog('audit.jsonl', dir, entry);
    expect(await findPendingAttempts('audit.jsonl', dir)).toEqual([]);
  });
});
