import { describe, expect, it } from 'vitest';
import { desiredFromTexts } from '../../../src/pipeline/load-desired.js';
import type { DesiredState, DesiredUser } from '../../../src/desired/types.js';
import { parsePlan, planChanges, type PlanResult } from '../../../src/plan/index.js';
import { renderPlanJson } from '../../../src/render/index.js';
import { renderPlanMarkdown } from '../../../src/render/plan-markdown.js';
import { renderPlanText } from '../../../src/render/plan-text.js';
import { fileTexts } from '../config/helpers.js';
import { serverState, type ServerSpec } from './builders.js';

const SERVER: ServerSpec = {
  users: [
    { username: 'ana', roles: { User: 'all-open' } },
    { username: 'bo' },
    { username: 'ivy' },
    { username: 'max' },
    { username: 'svc-render' },
  ],
  groups: [
    { name: 'Lighting', members: ['ana', 'bo'] },
    { name: 'FX', parent: 'Lighting', members: ['ivy', 'ana'] },
    { name: 'Sims', parent: 'FX', members: ['max', 'svc-render'] },
    { name: 'Compositing', members: ['bo'] },
  ],
};

function plan(group: string, server: ServerSpec = SERVER): PlanResult {
  const config = [
    'version: 1',
    'settings:',
    "  ignore_users: ['svc*']",
    'groups:',
    '  lighting:',
    ...group.split('\n').map((line) => `    ${line}`),
    '    roles:',
    '      User: all-open',
    '',
  ].join('\n');
  const { desired, diagnostics } = desiredFromTexts(fileTexts({ 'g.yaml': config }));
  if (desired === undefined) throw new Error(JSON.stringify(diagnostics));
  return planChanges({ desired, current: serverState(server), apiUser: 'svc', now: new Date(0) });
}

/** A config group `lighting` whose members are the ftrack group Lighting's. */
const LIGHTING_FROM_FTRACK = [
  'version: 1',
  'groups:',
  '  lighting:',
  '    ftrack_group: Lighting',
  '    roles:',
  '      User: all-open',
];

function desiredOf(lines: string[]): DesiredState {
  const { desired, diagnostics } = desiredFromTexts(
    fileTexts({ 'g.yaml': [...lines, ''].join('\n') }),
  );
  if (desired === undefined) throw new Error(JSON.stringify(diagnostics));
  return desired;
}

describe('ftrack groups as members', () => {
  it('expands sub-groups at any depth and says through which group each member is in', () => {
    const result = plan('ftrack_group: Lighting\ninclude_subgroups: true');
    expect(result.diagnostics).toEqual([]);
    expect(result.plan.groups).toEqual([
      {
        group: 'lighting',
        ftrack_group: 'Lighting',
        include_subgroups: true,
        source: 'g.yaml:6:19',
        members: [
          { user: 'ana', via: [['Lighting'], ['Lighting', 'FX']] },
          { user: 'bo', via: [['Lighting']] },
          { user: 'ivy', via: [['Lighting', 'FX']] },
          { user: 'max', via: [['Lighting', 'FX', 'Sims']] },
          { user: 'svc-render', via: [['Lighting', 'FX', 'Sims']], ignored: true },
        ],
      },
    ]);
    expect(result.plan.managed.users).toEqual(['ana', 'bo', 'ivy', 'max']);
    expect(result.plan.changes.map((c) => [c.user, c.role, c.action, c.sources])).toEqual([
      ['bo', 'User', 'assign', ['g.yaml:9:7 (group lighting)']],
      ['ivy', 'User', 'assign', ['g.yaml:9:7 (group lighting)']],
      ['max', 'User', 'assign', ['g.yaml:9:7 (group lighting)']],
    ]);
    // The saved plan with its groups is a valid plan file.
    expect(parsePlan(renderPlanJson(result.plan), 'plan.json').groups).toHaveLength(1);
  });

  it('shows the expansion in the text and Markdown views', () => {
    const result = plan('ftrack_group: Lighting\ninclude_subgroups: true');
    const text = renderPlanText(result.plan);
    expect(text).toContain('  lighting ← ftrack group Lighting and its sub-groups: 5 members\n');
    expect(text).toContain(
      '    ana         via ftrack group Lighting; via ftrack group FX (sub-group of Lighting)\n',
    );
    expect(text).toContain(
      '    max         via ftrack group Sims (sub-group of FX, sub-group of Lighting)\n',
    );
    expect(text).toContain('ignored (ignore_users): never changed');
    expect(text).toContain(
      '      from g.yaml:9:7 (group lighting) via ftrack group FX (sub-group of Lighting)\n',
    );
    const markdown = renderPlanMarkdown(result.plan);
    expect(markdown).toContain('Group <strong>lighting ← ftrack group Lighting and its sub-groups');
    expect(markdown).toContain('- `ivy` via ftrack group FX (sub-group of Lighting)');
  });

  it('takes only direct members without include_subgroups', () => {
    const result = plan('ftrack_group: Lighting');
    expect(result.plan.groups?.[0]?.members).toEqual([
      { user: 'ana', via: [['Lighting']] },
      { user: 'bo', via: [['Lighting']] },
    ]);
    expect(result.plan.changes.map((c) => c.user)).toEqual(['bo']);
  });

  it('reports a missing ftrack group at its position, with did-you-mean (FR408)', () => {
    const result = plan('ftrack_group: Lightning\ninclude_subgroups: true');
    expect(result.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'FR408',
        summary:
          'Group "lighting" reads its members from the ftrack group "Lightning", which does not exist on the server (did you mean "Lighting"?)',
        hint: 'Check the group name in ftrack (names are case-sensitive).',
        source: { file: 'g.yaml', line: 6, col: 19 },
      },
    ]);
    const far = plan('ftrack_group: Editorial');
    expect(far.diagnostics[0]?.summary).not.toContain('did you mean');
    expect(far.diagnostics[0]?.hint).toBe(
      'Check the group name in ftrack (names are case-sensitive).',
    );
  });

  it('refuses a name that several ftrack groups share, naming where each is (FR410)', () => {
    const current = serverState(SERVER);
    current.groups!.push({
      id: 'g-Lighting-2',
      name: 'Lighting',
      parentId: 'g-Compositing',
      memberUserIds: ['u-max'],
    });
    const desired = desiredOf(LIGHTING_FROM_FTRACK);
    const result = planChanges({ desired, current, apiUser: 'svc', now: new Date(0) });
    expect(result.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'FR410',
        summary:
          'Group "lighting" reads its members from the ftrack group "Lighting", but the server has 2 groups with this name (at the top level, under "Compositing")',
        hint: 'Rename the groups in ftrack so that the name is unique, or list the members in the config.',
        source: { file: 'g.yaml', line: 4, col: 19 },
      },
    ]);
    // Nobody gets the group's roles from a guess.
    expect(result.plan.changes).toEqual([]);
  });

  it('has no groups key when the config lists its members', () => {
    expect(plan('members: [bo]').plan.groups).toBeUndefined();
  });

  it('an empty ftrack group gives nobody the roles, and who left it loses them', () => {
    const server = { ...SERVER, groups: [{ name: 'Lighting', members: [] }] };
    const result = plan('ftrack_group: Lighting', server);
    expect(result.plan.groups?.[0]?.members).toEqual([]);
    // ana holds the group's role but is no longer in the ftrack group (manage: owned).
    expect(result.plan.changes.map((c) => [c.user, c.role, c.action, c.reason])).toEqual([
      ['ana', 'User', 'remove', 'not-declared'],
    ]);
  });

  it('adds group grants to copies: a declared user in the desired state stays as written', () => {
    const desired = desiredOf([
      ...LIGHTING_FROM_FTRACK,
      'users:',
      '  ana:',
      '    roles:',
      '      Supervisor: [alpha]',
    ]);
    const ana = desired.users.get('ana')!;
    // As plain data (the projects map is a class that structuredClone would flatten).
    const asData = (user: DesiredUser) =>
      structuredClone({
        sources: user.sources,
        roles: [...user.roles].map(([role, g]) => [role, { ...g, projects: [...g.projects] }]),
      });
    const before = asData(ana);
    const result = planChanges({
      desired,
      current: serverState(SERVER),
      apiUser: 'svc',
      now: new Date(0),
    });
    // ana gets User from the ftrack group in the plan…
    expect(result.plan.changes.filter((c) => c.user === 'ana').map((c) => c.role)).toEqual([
      'Supervisor',
    ]);
    expect(result.plan.managed.users).toContain('bo');
    // …but her entry in the desired state is not extended by it.
    expect(desired.users.get('ana')).toBe(ana);
    expect(asData(ana)).toEqual(before);
    expect([...ana.roles.keys()]).toEqual(['Supervisor']);
  });
});
