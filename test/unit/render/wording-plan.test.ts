import { describe, expect, it } from 'vitest';
import { desiredFromTexts } from '../../../src/pipeline/load-desired.js';
import { parsePlan, planChanges, type Plan } from '../../../src/plan/index.js';
import { render } from '../../../src/render/index.js';
import { renderPlanMarkdown } from '../../../src/render/plan-markdown.js';
import { renderPlanText } from '../../../src/render/plan-text.js';
import { fileTexts } from '../config/helpers.js';
import { serverState, type ServerSpec } from '../plan/builders.js';
import { samplePlan } from './sample-plans.js';

/** Issue 27, part 8: the plan's words a reviewer tripped over. */

describe('what a removal counts', () => {
  // samplePlan: 3 roles removed (kim, liam, pat) and tomas' User leaves all open projects.
  it('the text names max_removals and breaks the count down, so it adds up beside "3 to remove"', () => {
    const text = renderPlanText(samplePlan());
    expect(text).toContain('Plan: 3 to assign, 3 to modify, 3 to remove.');
    expect(text).toContain(
      'Removals counted against max_removals (limit 25): 4 (3 roles removed, 1 role loses all open projects)',
    );
    expect(text).not.toContain('Removals: 4 (limit 25)');
  });

  it('Markdown says the same in its head line', () => {
    const md = renderPlanMarkdown(samplePlan());
    expect(md).toContain(
      '4 removals counted against max_removals (limit 25): 3 roles removed, 1 role loses all open projects',
    );
  });

  it('counts each revoked project, in the singular when there is one', () => {
    const plan = planOf(
      { users: [{ username: 'ana', roles: { User: ['alpha', 'beta'], Lead: ['alpha'] } }] },
      'version: 1\nusers:\n  ana:\n    roles:\n      User: [alpha]\n',
    );
    expect(renderPlanText(plan)).toContain(
      'Removals counted against max_removals (limit 25): 2 (1 role removed, 1 project revoked)',
    );
  });
});

/** Grants ending on 2026-12-01; planned earlier, so the access is still to be given. */
const ENDING = [
  'version: 1',
  'groups:',
  '  temps:',
  '    members: [gina]',
  '    roles:',
  '      User: { projects: [beta], until: 2026-12-01 }',
  'users:',
  '  fred:',
  '    roles:',
  '      User: { projects: [alpha], until: 2026-12-01 }',
  '      Lead: [beta]',
  '  gina:',
  '    roles:',
  '      User: [alpha]',
  '      Reviewer: { all_open: true, until: 2027-03-01 }',
  '',
].join('\n');

const ENDING_SERVER: ServerSpec = {
  users: [{ username: 'fred' }, { username: 'gina', roles: { User: ['alpha'] } }],
};

describe('grants that end (`until:`) show the day on their change line', () => {
  const plan = () => planOf(ENDING_SERVER, ENDING, '2026-11-25T00:00:00Z');

  it('the plan records the ending grants of each change that gives access', () => {
    const changes = plan().changes.map((c) => [c.user, c.role, c.action, c.expiring]);
    expect(changes).toEqual([
      ['fred', 'Lead', 'assign', undefined],
      ['fred', 'User', 'assign', [{ until: '2026-12-01', source: 'a.yaml:10:7' }]],
      ['gina', 'Reviewer', 'assign', [{ until: '2027-03-01', source: 'a.yaml:15:7' }]],
      ['gina', 'User', 'modify', [{ until: '2026-12-01', source: 'a.yaml:6:7 (group temps)' }]],
    ]);
  });

  it('members read from an ftrack group get the ending grants of the group', () => {
    const config = [
      'version: 1',
      'groups:',
      '  crew:',
      '    ftrack_group: Crew',
      '    roles:',
      "      Lead: { projects: [alpha], until: '2026-12-01' }",
      '',
    ].join('\n');
    const server: ServerSpec = {
      users: [{ username: 'hal' }],
      groups: [{ name: 'Crew', members: ['hal'] }],
    };
    const [change] = planOf(server, config, '2026-11-25T00:00:00Z').changes;
    expect(change).toMatchObject({ user: 'hal', role: 'Lead', action: 'assign' });
    expect(change?.expiring).toEqual([{ until: '2026-12-01', source: 'a.yaml:6:7 (group crew)' }]);
  });

  it('the JSON plan carries them, and a plan file with them reads back', () => {
    const json = JSON.parse(render('plan', 'json', plan())) as Plan;
    expect(json.changes.map((c) => c.expiring?.[0]?.until ?? null)).toEqual([
      null,
      '2026-12-01',
      '2027-03-01',
      '2026-12-01',
    ]);
    expect(parsePlan(JSON.stringify(json), 'plan.json').changes).toEqual(json.changes);
  });

  it('the text view shows the until day; a change only in part ending says which source ends', () => {
    const text = renderPlanText(plan());
    expect(text).toContain('  + User: alpha (until 2026-12-01)\n      from a.yaml:10:7\n');
    expect(text).toContain('  + Reviewer: all open projects (until 2027-03-01)\n');
    expect(text).toContain('  + Lead: beta\n');
    expect(text).toContain(
      [
        '  ~ User: alpha → alpha, beta (in part until 2026-12-01)',
        '      + beta',
        '      from a.yaml:6:7 (group temps) (until 2026-12-01)',
        '      from a.yaml:14:7',
      ].join('\n'),
    );
  });

  it('the Markdown view too', () => {
    const md = renderPlanMarkdown(plan());
    expect(md).toContain('+ User: alpha (until 2026-12-01)\n#     from a.yaml:10:7\n');
    expect(md).toContain('! User: alpha → alpha, beta (in part until 2026-12-01)');
    expect(md).toContain('#     from a.yaml:6:7 (group temps) (until 2026-12-01)');
  });

  it('an ended grant keeps its own note', () => {
    const text = renderPlanText(planOf(ENDING_SERVER, ENDING, '2026-12-02T00:00:00Z'));
    expect(text).toContain('  + Reviewer: all open projects (until 2027-03-01)\n');
    expect(text).not.toContain('User: alpha (until');
  });
});

describe('plurals in the Markdown truncation note', () => {
  it('one of a kind is in the singular', () => {
    const plan = samplePlan();
    const full = renderPlanMarkdown(plan, { maxLength: 1_000_000 });
    // Room for everything but the last user's details (the warnings are kept whole).
    const tomas = full.indexOf('<details><summary><strong>tomas');
    const warnings = full.length - full.indexOf('#### Warnings');
    const md = renderPlanMarkdown(plan, { maxLength: tomas + 400 + warnings + 5 });
    expect(md).toMatch(/not shown/);
    expect(md).toContain("1 user's details not shown");
    expect(md).not.toMatch(/\b1 users' details/);
  });
});

function planOf(server: ServerSpec, config: string, at = '2026-01-01T00:00:00Z'): Plan {
  const { desired, diagnostics } = desiredFromTexts(fileTexts({ 'a.yaml': config }));
  if (desired === undefined) throw new Error(JSON.stringify(diagnostics));
  return planChanges({ desired, current: serverState(server), apiUser: 'svc', now: new Date(at) })
    .plan;
}
