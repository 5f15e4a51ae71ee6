import { describe, expect, it } from 'vitest';
import { buildDesiredState } from '../../../src/desired/build-desired-state.js';
import type { DesiredGrant } from '../../../src/desired/types.js';
import { formatSourceRef } from '../../../src/model/index.js';
import { documentsOf, yaml } from '../config/helpers.js';

const build = (files: Record<string, string>) =>
  buildDesiredState(documentsOf(files), { configDigest: 'sha256:test' });

/** A grant as plain data: `{ all_open, projects, sources }` with sources as text. */
function view(grant: DesiredGrant | undefined) {
  if (grant === undefined) return undefined;
  const refs = (list: readonly { file: string; line: number; col: number; group?: string }[]) =>
    list.map((s) => `${formatSourceRef(s)}${s.group ? ` (${s.group})` : ''}`);
  return {
    all_open: refs(grant.allOpen),
    projects: Object.fromEntries([...grant.projects].map(([p, s]) => [p, refs(s)])),
    sources: refs(grant.sources),
  };
}

describe('buildDesiredState', () => {
  const files = {
    'groups.yaml': yaml(
      'version: 1',
      'groups:',
      '  lighting:',
      '    members: [ana, bo]',
      '    roles:',
      '      User: [nebula, harbor]',
      '  leads:',
      '    members: [ana]',
      '    roles:',
      '      User: all-open',
      '      Lead: { projects: [nebula] }',
    ),
    'users.yaml': yaml(
      'version: 1',
      'users:',
      '  ana:',
      '    roles:',
      "      User: [falcon, 'show_*']",
      '  zed:',
      '    roles: {}',
    ),
  };

  it('unites a user entry and every group: all_open OR-ed, projects united, sources kept', () => {
    const desired = build(files);
    expect([...desired.users.keys()]).toEqual(['ana', 'bo', 'zed']);
    const ana = desired.users.get('ana')!;
    expect([...ana.roles.keys()]).toEqual(['Lead', 'User']);
    expect(view(ana.roles.get('User'))).toEqual({
      all_open: ['groups.yaml:10:13 (leads)'],
      projects: {
        falcon: ['users.yaml:5:14'],
        harbor: ['groups.yaml:6:22 (lighting)'],
        nebula: ['groups.yaml:6:14 (lighting)'],
        'show_*': ['users.yaml:5:22'],
      },
      sources: ['groups.yaml:6:7 (lighting)', 'groups.yaml:10:7 (leads)', 'users.yaml:5:7'],
    });
    expect(ana.sources.map(formatSourceRef)).toEqual([
      'groups.yaml:4:15',
      'groups.yaml:8:15',
      'users.yaml:3:3',
    ]);
  });

  it('keeps users declared without roles, and users reached only through a group', () => {
    const desired = build(files);
    expect(desired.users.get('zed')).toMatchObject({ username: 'zed', roles: new Map() });
    expect(view(desired.users.get('bo')!.roles.get('User'))).toEqual({
      all_open: [],
      projects: {
        harbor: ['groups.yaml:6:22 (lighting)'],
        nebula: ['groups.yaml:6:14 (lighting)'],
      },
      sources: ['groups.yaml:6:7 (lighting)'],
    });
    expect(desired.users.get('bo')!.sources).toEqual([
      { file: 'groups.yaml', line: 4, col: 20, group: 'lighting' },
    ]);
  });

  it('keeps an empty scope as a held role that reaches nothing', () => {
    const desired = build({
      'u.yaml': yaml(
        'version: 1',
        'users:',
        '  ana: { roles: { User: [], Lead: { all_open: false } } }',
      ),
    });
    const ana = desired.users.get('ana')!;
    expect(view(ana.roles.get('User'))).toEqual({
      all_open: [],
      projects: {},
      sources: ['u.yaml:3:19'],
    });
    expect(view(ana.roles.get('Lead'))).toMatchObject({ all_open: [], projects: {} });
  });

  it('adds projects to a grant first made on all open projects only', () => {
    const desired = build({
      'u.yaml': yaml('version: 1', 'users:', '  ana: { roles: { User: all-open } }'),
      'g.yaml': yaml(
        'version: 1',
        'groups:',
        '  fx: { members: [ana, bo], roles: { User: [nebula] } }',
      ),
    });
    expect(view(desired.users.get('ana')!.roles.get('User'))).toEqual({
      all_open: ['u.yaml:3:25'],
      projects: { nebula: ['g.yaml:3:45 (fx)'] },
      sources: ['g.yaml:3:38 (fx)', 'u.yaml:3:19'],
    });
    // bo's grant has no all-open source: an empty list of its own kind, not ana's.
    expect(view(desired.users.get('bo')!.roles.get('User'))!.all_open).toEqual([]);
  });

  it('describes groups, including ftrack groups whose members come from the server', () => {
    const desired = build({
      'g.yaml': yaml(
        'version: 1',
        'groups:',
        '  comp:',
        '    description: Compositing',
        '    ftrack_group: Compositing',
        '    include_subgroups: true',
        '    roles: { User: { all_open: true, projects: [b, a, b] } }',
      ),
    });
    expect(desired.users.size).toBe(0);
    expect(desired.groups.get('comp')).toEqual({
      name: 'comp',
      description: 'Compositing',
      members: [],
      ftrackGroup: {
        name: 'Compositing',
        includeSubgroups: true,
        source: { file: 'g.yaml', line: 5, col: 19 },
      },
      roles: [
        {
          role: 'User',
          allOpen: true,
          projects: ['a', 'b'],
          source: { file: 'g.yaml', line: 7, col: 14 },
          at: {
            allOpen: { file: 'g.yaml', line: 7, col: 32 },
            projects: new Map([
              [
                'b',
                [
                  { file: 'g.yaml', line: 7, col: 49 },
                  { file: 'g.yaml', line: 7, col: 55 },
                ],
              ],
              ['a', [{ file: 'g.yaml', line: 7, col: 52 }]],
            ]),
          },
        },
      ],
      source: { file: 'g.yaml', line: 3, col: 3 },
    });
  });

  it('applies settings defaults, and reads settings and the catalogue', () => {
    expect(build({ 'a.yaml': 'version: 1\n' })).toEqual({
      settings: {
        manage: 'owned',
        inactiveUsers: 'remove',
        ignoreUsers: [],
        protected: [],
        maxRemovals: 25,
        expiryWarningDays: 14,
      },
      catalogue: new Map(),
      groups: new Map(),
      users: new Map(),
      configDigest: 'sha256:test',
      mentionedRoles: new Map(),
    });
    const desired = build({
      's.yaml': yaml(
        'version: 1',
        'settings:',
        '  manage: all',
        '  inactive_users: keep',
        "  ignore_users: ['svc-*']",
        '  protected: [{ role: Administrator, min_holders: 2 }, { role: Lead }]',
        '  max_removals: 3',
        '  expiry_warning_days: 7',
        'roles:',
        '  Administrator: { description: Admins }',
        '  Old: { retired: true }',
        '  Producer access: { ownership: additive }',
      ),
    });
    expect(desired.settings).toEqual({
      manage: 'all',
      inactiveUsers: 'keep',
      ignoreUsers: ['svc-*'],
      protected: [
        { role: 'Administrator', minHolders: 2, source: { file: 's.yaml', line: 6, col: 15 } },
        { role: 'Lead', minHolders: 1, source: { file: 's.yaml', line: 6, col: 56 } },
      ],
      maxRemovals: 3,
      expiryWarningDays: 7,
      source: { file: 's.yaml', line: 2, col: 1 },
    });
    expect([...desired.catalogue.values()]).toEqual([
      {
        name: 'Administrator',
        description: 'Admins',
        retired: false,
        ownership: 'exclusive',
        source: { file: 's.yaml', line: 10, col: 3 },
      },
      {
        name: 'Old',
        retired: true,
        ownership: 'exclusive',
        source: { file: 's.yaml', line: 11, col: 3 },
      },
      {
        name: 'Producer access',
        retired: false,
        ownership: 'additive',
        source: { file: 's.yaml', line: 12, col: 3 },
      },
    ]);
    // Every role of the catalogue is mentioned, at its entry.
    expect([...desired.mentionedRoles.keys()]).toEqual(['Administrator', 'Old', 'Producer access']);
  });

  it('finds the roles the files mention, each where it is first mentioned', () => {
    const desired = build({
      'a.yaml': yaml(
        'version: 1',
        'users:',
        '  ana:',
        '    roles:',
        '      Lead: [alpha]',
        'groups:',
        '  lighting:',
        '    members: all-active',
        '    roles:',
        '      User: all-open',
        '      Lead: [beta]',
      ),
    });
    expect(desired.mentionedRoles).toEqual(
      new Map([
        ['Lead', { file: 'a.yaml', line: 5, col: 7 }],
        ['User', { file: 'a.yaml', line: 10, col: 7, group: 'lighting' }],
      ]),
    );
    // all-active members are read at plan time: the group has none listed.
    expect(desired.groups.get('lighting')).toMatchObject({
      members: [],
      allActive: { source: { file: 'a.yaml', line: 8, col: 14, group: 'lighting' } },
    });
  });

  it('does not depend on the order of the documents', () => {
    const [a, b] = documentsOf(files);
    const one = buildDesiredState([a!, b!], { configDigest: 'x' });
    const two = buildDesiredState([b!, a!], { configDigest: 'x' });
    expect(two).toEqual(one);
  });
});
