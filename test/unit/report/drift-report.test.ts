import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDriftReport, type DriftReport } from '../../../src/report/index.js';
import { describeDifference, render } from '../../../src/render/index.js';
import { renderDriftMarkdown } from '../../../src/render/drift-markdown.js';
import { planChanges } from '../../../src/plan/index.js';
import { buildState, loadTexts, type StateSpec } from './state-builder.js';

const SETTINGS = `version: 1
settings:
  manage: declared
  ignore_users: ['svc*']
`;

/** Plans `users` (YAML under `users:`) against `server` and builds the drift report. */
function drift(users: string, server: StateSpec, extra: Record<string, string> = {}): DriftReport {
  const { desired } = loadTexts({
    'access/settings.yaml': SETTINGS,
    'access/users.yaml': `version: 1\nusers:\n${users}`,
    ...extra,
  });
  const current = buildState(server);
  const { plan } = planChanges({ desired, current, apiUser: 'svc', now: new Date() });
  return buildDriftReport({ plan, desired, current });
}

const svc = { username: 'svc', roles: { Administrator: 'all-open' as const } };

describe('buildDriftReport', () => {
  it('is in sync when the plan is empty, and lists unmanaged holders as information', () => {
    const report = drift('  ana:\n    roles:\n      User: all-open\n', {
      users: [
        svc,
        { username: 'ana', roles: { User: 'all-open' } },
        { username: 'zoe', active: false, roles: { User: ['beta'] } },
      ],
    });
    expect(report.in_sync).toBe(true);
    expect(report.differences).toEqual([]);
    expect(report.unmanaged).toEqual([
      {
        user: 'svc',
        active: true,
        ignored: true,
        roles: [{ role: 'Administrator', scope: { all_open: true, projects: [] } }],
      },
      {
        user: 'zoe',
        active: false,
        ignored: false,
        roles: [{ role: 'User', scope: { all_open: false, projects: ['beta'] } }],
      },
    ]);
    expect(report.summary).toMatchObject({ differences: 0, unmanaged: 2 });
  });

  it('splits a change by direction: not applied and changed on the server', () => {
    const report = drift(
      '  ana:\n    roles:\n      User: [alpha, beta]\n  bo:\n    roles:\n      Lead: all-open\n',
      {
        users: [
          svc,
          { username: 'ana', roles: { User: ['beta', 'show_a'], Reviewer: ['alpha'] } },
          { username: 'bo' },
        ],
      },
    );
    expect(
      report.differences.map((d) => [d.kind, d.user, d.role, d.action, d.missing, d.extra]),
    ).toEqual([
      [
        'changed-on-server',
        'ana',
        'Reviewer',
        'remove',
        null,
        { all_open: false, projects: ['alpha'] },
      ],
      ['not-applied', 'ana', 'User', 'modify', { all_open: false, projects: ['alpha'] }, null],
      [
        'changed-on-server',
        'ana',
        'User',
        'modify',
        null,
        { all_open: false, projects: ['show_a'] },
      ],
      ['not-applied', 'bo', 'Lead', 'assign', { all_open: true, projects: [] }, null],
    ]);
    expect(report.differences[1]!.sources).toEqual(['access/users.yaml:5:7']);
    expect(report.summary).toMatchObject({
      differences: 4,
      users: 2,
      not_applied: 2,
      changed_on_server: 2,
    });
  });

  it('classifies all-open turned on as not applied, a private grant as changed on the server', () => {
    const report = drift(
      '  ana:\n    roles:\n      User: all-open\n  bo:\n    roles:\n      User: all-open\n',
      {
        users: [
          svc,
          { username: 'ana', roles: { User: ['alpha', 'secret'] } },
          { username: 'bo', roles: { User: { all_open: true, projects: ['beta'] } } },
        ],
      },
    );
    expect(report.differences.map((d) => [d.kind, d.user, d.missing, d.extra])).toEqual([
      // the explicit open grant alpha stays: under all-open it adds no access
      ['not-applied', 'ana', { all_open: true, projects: [] }, null],
      // secret is private: revoking it takes access away that the config does not give
      ['changed-on-server', 'ana', null, { all_open: false, projects: ['secret'] }],
      // bo's explicit open grant under all-open adds no access: not a difference
    ]);
  });

  it('counts access taken away by an ended until: grant as not applied', () => {
    const report = drift(
      '  ana:\n    roles:\n      User: all-open\n      Reviewer: { projects: [beta], until: 2020-01-01 }\n',
      { users: [svc, { username: 'ana', roles: { User: 'all-open', Reviewer: ['beta'] } }] },
    );
    expect(report.differences.map((d) => [d.kind, d.role, d.action, d.missing, d.extra])).toEqual([
      ['not-applied', 'Reviewer', 'remove', null, { all_open: false, projects: ['beta'] }],
    ]);
    expect(describeDifference(report.differences[0]!)).toBe('- beta (ended 2020-01-01)');
  });

  it('classifies a retired role still held as changed on the server, with its reason', () => {
    const report = drift(
      '  ana:\n    roles:\n      User: all-open\n',
      {
        users: [svc, { username: 'ana', roles: { User: 'all-open', 'Legacy Editor': ['alpha'] } }],
      },
      {
        'access/roles.yaml': 'version: 1\nroles:\n  User: {}\n  Legacy Editor: { retired: true }\n',
      },
    );
    expect(report.differences).toEqual([
      {
        kind: 'changed-on-server',
        user: 'ana',
        role: 'Legacy Editor',
        action: 'remove',
        reason: 'retired',
        missing: null,
        extra: { all_open: false, projects: ['alpha'] },
        sources: ['access/roles.yaml:4:3'],
      },
    ]);
  });

  it('gives the differences of an inactive user their own kind', () => {
    // inactive_users: remove (the default): the inactive user's roles are taken away.
    const report = drift('  ana:\n    roles:\n      User: all-open\n', {
      users: [svc, { username: 'ana', active: false, roles: { User: ['secret'] } }],
    });
    expect(report.differences.map((d) => [d.kind, d.reason, d.missing, d.extra])).toEqual([
      ['inactive-user', 'inactive', null, { all_open: false, projects: ['secret'] }],
    ]);
  });

  it('lists inactive holders of owned roles as findings under inactive_users: keep', () => {
    const report = drift(
      '  ana:\n    roles:\n      User: all-open\n',
      {
        users: [
          svc,
          { username: 'ana', roles: { User: 'all-open' } },
          { username: 'zoe', active: false, roles: { User: ['beta'], Reviewer: ['beta'] } },
          { username: 'svc-old', active: false, roles: { User: ['beta'] } },
        ],
      },
      {
        'access/settings.yaml':
          "version: 1\nsettings:\n  manage: owned\n  inactive_users: keep\n  ignore_users: ['svc*']\n",
      },
    );
    // The plan leaves zoe alone; drift still counts her User (owned: ana is given User).
    expect(report.in_sync).toBe(false);
    expect(report.differences.map((d) => [d.kind, d.user, d.role, d.action, d.extra])).toEqual([
      ['inactive-user', 'zoe', 'User', null, { all_open: false, projects: ['beta'] }],
    ]);
    expect(report.summary).toMatchObject({ differences: 1, inactive_user: 1 });
    expect(report.differences[0]?.sources).toEqual([
      expect.stringMatching(/^access\/settings\.yaml:\d+:\d+$/),
    ]);
    // Reviewer is a role the files never mention: information only; ignored users stay apart.
    expect(report.unmanaged.map((u) => [u.user, u.roles.map((r) => r.role)])).toEqual([
      ['svc', ['Administrator']],
      ['svc-old', ['User']],
      ['zoe', ['Reviewer']],
    ]);
    const text = render('drift', 'text', report);
    expect(text).toContain('Inactive users');
    expect(text).toMatch(/zoe\b.*User/);
  });

  it('reports users and projects the server does not have', () => {
    const report = drift(
      '  ana:\n    roles:\n      User: [alpha, gone_show]\n  ghost:\n    roles:\n      User: all-open\n',
      { users: [svc, { username: 'ana', roles: { User: ['alpha'] } }] },
    );
    expect(report.differences.map((d) => [d.kind, d.user, d.role, d.missing, d.sources])).toEqual([
      [
        'deleted-project',
        'ana',
        'User',
        { all_open: false, projects: ['gone_show'] },
        ['access/users.yaml:5:21'],
      ],
      ['unknown-user', 'ghost', null, null, ['access/users.yaml:6:3']],
    ]);
    expect(report.in_sync).toBe(false);
  });

  it('puts differences on a closed project apart', () => {
    const report = drift(
      '  ana:\n    roles:\n      User: [alpha, old]\n  bo:\n    roles:\n      User: [old]\n',
      {
        projects: [{ name: 'alpha' }, { name: 'old', status: 'hidden' }],
        users: [svc, { username: 'ana', roles: { User: ['alpha'] } }, { username: 'bo' }],
      },
    );
    expect(report.differences.map((d) => [d.kind, d.user, d.action, d.missing])).toEqual([
      ['closed-project', 'ana', 'modify', { all_open: false, projects: ['old'] }],
      ['closed-project', 'bo', 'assign', { all_open: false, projects: ['old'] }],
    ]);
    expect(report.summary.closed_project).toBe(2);
  });
});

const golden = (name: string) => join(import.meta.dirname, '../../fixtures/drift', name);

function sampleReport(): DriftReport {
  return drift(
    '  ana:\n    roles:\n      User: [alpha, beta]\n  bo:\n    roles:\n      Lead: all-open\n  ghost:\n    roles:\n      User: all-open\n',
    {
      users: [
        svc,
        { username: 'ana', roles: { User: ['beta', 'show_a'], Reviewer: ['alpha'] } },
        { username: 'bo' },
        { username: 'zoe', active: false, roles: { User: ['beta'] } },
      ],
    },
  );
}

describe('drift renderers', () => {
  for (const [format, file] of [
    ['text', 'sample.golden.txt'],
    ['json', 'sample.golden.json'],
    ['markdown', 'sample.golden.md'],
  ] as const) {
    it(`renders ${format} (golden)`, async () => {
      await expect(render('drift', format, sampleReport())).toMatchFileSnapshot(golden(file));
    });
  }

  it('says in sync in one line', () => {
    const report = drift('  ana:\n    roles:\n      User: all-open\n', {
      users: [svc, { username: 'ana', roles: { User: 'all-open' } }],
    });
    expect(render('drift', 'text', report)).toMatch(
      /No drift\. The server matches the desired state for 1 managed user\.\n$/,
    );
  });

  it('lists the plan warnings in every view', () => {
    const report = drift("  ana:\n    roles:\n      User: ['old_*']\n", {
      users: [svc, { username: 'ana', roles: { User: [] } }],
    });
    expect(report.in_sync).toBe(true);
    expect(report.warnings.map((w) => w.code)).toEqual(['FR404']);
    expect(render('drift', 'text', report)).toContain(
      'FR404 access/users.yaml:5:14: The project glob',
    );
    expect(render('drift', 'markdown', report)).toContain(
      '- `FR404` `access/users.yaml:5:14`: The project glob',
    );
  });

  it('keeps Markdown within the limit and says what it left out', () => {
    const markdown = renderDriftMarkdown(sampleReport(), { maxLength: 700 });
    expect(markdown.length).toBeLessThanOrEqual(700);
    expect(markdown).toMatch(/Truncated to fit 700 characters: \d+ more rows not shown/);
  });
});
