import { describe, expect, it } from 'vitest';
import { desiredFromTexts } from '../../../src/pipeline/load-desired.js';
import { planChanges, type PlanResult } from '../../../src/plan/index.js';
import { fileTexts } from '../config/helpers.js';
import { serverState, type ServerSpec } from './builders.js';

/** Expiring grants (`until:`): no longer desired from that UTC day on. */

const CONFIG = [
  'version: 1',
  'settings:',
  "  ignore_users: ['svc*']",
  'groups:',
  '  temps:',
  '    members: [gina]',
  '    roles:',
  '      User: { projects: [beta], until: 2026-12-01 }',
  '  crew:',
  '    ftrack_group: Crew',
  '    roles:',
  "      Lead: { projects: [alpha], until: '2026-12-01' }",
  'users:',
  '  fred:',
  '    roles:',
  '      User: { projects: [alpha], until: 2026-12-01 }',
  '      Lead: [beta]',
  '  gina:',
  '    roles:',
  '      User: [alpha]',
  '      Reviewer: { all_open: true, until: 2026-12-01 }',
  '',
].join('\n');

const SERVER: ServerSpec = {
  users: [
    { username: 'fred', roles: { User: ['alpha'], Lead: ['beta'] } },
    { username: 'gina', roles: { User: ['alpha', 'beta'], Reviewer: 'all-open' } },
    { username: 'hal', roles: { Lead: ['alpha'] } },
  ],
  groups: [{ name: 'Crew', members: ['hal'] }],
};

function planAt(iso: string, config = CONFIG): PlanResult {
  const { desired, diagnostics } = desiredFromTexts(fileTexts({ 'a.yaml': config }));
  if (desired === undefined) throw new Error(JSON.stringify(diagnostics));
  return planChanges({
    desired,
    current: serverState(SERVER),
    apiUser: 'svc',
    now: new Date(iso),
  });
}

const codes = (r: PlanResult) => r.plan.warnings.map((w) => `${w.source} ${w.code}`);

describe('expiring grants at the boundary day', () => {
  it('the day before (even its last second), every grant is still desired, with warnings', () => {
    const result = planAt('2026-11-30T23:59:59.999Z');
    expect(result.plan.changes).toEqual([]);
    expect(codes(result)).toEqual([
      'a.yaml:8:40 FR312',
      'a.yaml:12:41 FR312',
      'a.yaml:16:41 FR312',
      'a.yaml:21:42 FR312',
    ]);
    expect(result.plan.warnings[0]!.summary).toBe(
      "the grant of role 'User' to group 'temps' ends in 1 day: from 2026-12-01 it is no longer desired (last day 2026-11-30)",
    );
  });

  for (const day of ['2026-12-01T00:00:00Z', '2026-12-02T12:00:00Z']) {
    it(`removes the expired grants on ${day.slice(0, 10)}`, () => {
      const result = planAt(day);
      expect(
        result.plan.changes.map((c) => [c.user, c.role, c.action, c.reason, c.after, c.expired]),
      ).toEqual([
        [
          'fred',
          'User',
          'remove',
          'undeclared',
          null,
          [{ until: '2026-12-01', source: 'a.yaml:16:7' }],
        ],
        [
          'gina',
          'Reviewer',
          'remove',
          'undeclared',
          null,
          [{ until: '2026-12-01', source: 'a.yaml:21:7' }],
        ],
        [
          'gina',
          'User',
          'modify',
          'desired',
          { all_open: false, projects: ['alpha'] },
          [{ until: '2026-12-01', source: 'a.yaml:8:7 (group temps)' }],
        ],
        [
          'hal',
          'Lead',
          'remove',
          'undeclared',
          null,
          [{ until: '2026-12-01', source: 'a.yaml:12:7 (group crew)' }],
        ],
      ]);
      // A role removed only because it ended points at the expired grant.
      expect(result.plan.changes[0]!.sources).toEqual(['a.yaml:16:7']);
      expect(codes(result)).toEqual([
        'a.yaml:8:40 FR313',
        'a.yaml:12:41 FR313',
        'a.yaml:16:41 FR313',
        'a.yaml:21:42 FR313',
      ]);
      expect(result.plan.summary).toMatchObject({ remove: 3, modify: 1, removals: 4 });
    });
  }

  it('keeps permanent grants of the same role (fred keeps Lead)', () => {
    const result = planAt('2027-06-01T00:00:00Z');
    expect(result.plan.changes.some((c) => c.user === 'fred' && c.role === 'Lead')).toBe(false);
  });
});

describe('the expiry warning window', () => {
  it('warns 14 days ahead by default, not 15', () => {
    expect(codes(planAt('2026-11-17T00:00:00Z'))).toHaveLength(4);
    expect(codes(planAt('2026-11-16T23:59:59Z'))).toEqual([]);
  });

  it('follows settings.expiry_warning_days (0: no warnings before the day)', () => {
    const three = CONFIG.replace(
      "  ignore_users: ['svc*']",
      "  ignore_users: ['svc*']\n  expiry_warning_days: 3",
    );
    expect(codes(planAt('2026-11-28T00:00:00Z', three))).toHaveLength(4);
    expect(codes(planAt('2026-11-27T00:00:00Z', three))).toEqual([]);
    const none = CONFIG.replace(
      "  ignore_users: ['svc*']",
      "  ignore_users: ['svc*']\n  expiry_warning_days: 0",
    );
    expect(codes(planAt('2026-11-30T00:00:00Z', none))).toEqual([]);
    expect(codes(planAt('2026-12-01T00:00:00Z', none))).toHaveLength(4);
  });
});

describe('validate: expiry warnings and dates', () => {
  const validate = (text: string, iso?: string) =>
    desiredFromTexts(
      fileTexts({ 'a.yaml': text }),
      iso === undefined ? undefined : new Date(iso),
    ).diagnostics.map((d) => `${d.source?.line}:${d.source?.col} ${d.severity} ${d.code}`);

  it('reports the same warnings as plan when given the time, none without it', () => {
    expect(validate(CONFIG, '2026-11-30T00:00:00Z')).toEqual([
      '8:40 warning FR312',
      '12:41 warning FR312',
      '16:41 warning FR312',
      '21:42 warning FR312',
    ]);
    expect(validate(CONFIG)).toEqual([]);
  });

  it('refuses dates that are not YYYY-MM-DD or not in the calendar (FR211)', () => {
    const grant = (until: string) =>
      [
        'version: 1',
        'users:',
        '  a:',
        '    roles:',
        `      User: { projects: [x], until: ${until} }`,
        '',
      ].join('\n');
    expect(validate(grant('2026-02-30'))).toEqual(['5:37 error FR211']);
    expect(validate(grant("'2026-2-3'"))).toEqual(['5:37 error FR211']);
    expect(validate(grant('2028-02-29'))).toEqual([]);
    expect(validate(grant('tomorrow'))).toEqual(['5:37 error FR211']);
  });

  it('allows until only in the object form of a scope', () => {
    const list = [
      'version: 1',
      'users:',
      '  a:',
      '    roles:',
      '      User: [x, { until: 2026-01-01 }]',
      '',
    ];
    expect(validate(list.join('\n'))[0]).toMatch(/error FR203$/);
  });
});
