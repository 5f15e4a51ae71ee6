import { describe, expect, it } from 'vitest';
import { buildAuditEntry, ciFromEnv } from '../../../src/apply/index.js';
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
