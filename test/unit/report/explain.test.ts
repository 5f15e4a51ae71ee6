import { describe, expect, it } from 'vitest';
import { explainProject, explainUser } from '../../../src/report/index.js';
import { render } from '../../../src/render/index.js';
import { dropExpiredGrants } from '../../../src/plan/expiry.js';
import { planChanges } from '../../../src/plan/index.js';
import { buildState, loadTexts } from './state-builder.js';

const CONFIG = {
  'access/settings.yaml': "version: 1\nsettings:\n  ignore_users: ['svc']\n",
  'access/groups.yaml': [
    'version: 1',
    'groups:',
    '  lighting:',
    '    members: [ana, bo]',
    '    roles:',
    '      User: all-open',
    '  secret-team:',
    '    members: [ana]',
    '    roles:',
    '      User: [secret, alpha]',
    '',
  ].join('\n'),
  'access/users.yaml': [
    'version: 1',
    'users:',
    '  ana:',
    '    roles:',
    "      Lead: ['show_*', gone, 'old_*']",
    '  bo:',
    '    roles:',
    '      Reviewer: [beta]',
    '',
  ].join('\n'),
};

const SERVER = buildState({
  users: [
    { username: 'svc', roles: { Administrator: 'all-open' } },
    { username: 'ana', roles: { User: ['alpha'], Lead: ['show_a', 'beta'] } },
    { username: 'bo', roles: { User: 'all-open', Reviewer: ['beta'] } },
    { username: 'zoe', active: false, roles: { User: ['secret'] } },
    { username: 'kai', roles: { Reviewer: ['alpha'], Supervisor: 'all-open' } },
  ],
});

function input() {
  const { desired } = loadTexts(CONFIG);
  const { plan } = planChanges({ desired, current: SERVER, apiUser: 'svc', now: new Date() });
  return { desired, current: SERVER, plan };
}

describe('explainUser', () => {
  it('shows every desired grant with its sources next to the server, marking differences', () => {
    const view = explainUser(input(), 'ana');
    expect(view).toMatchObject({ on_server: true, active: true, declared: true, managed: true });
    expect(view.groups).toEqual(['lighting', 'secret-team']);
    const lead = view.roles.find((r) => r.role === 'Lead')!;
    expect(lead.change).toEqual({ action: 'modify', reason: 'desired' });
    expect(lead.items.map((i) => [i.project, i.status, i.sources])).toEqual([
      ['beta', 'extra', []],
      ['show_a', 'in-sync', [{ source: 'access/users.yaml:5:14', pattern: 'show_*' }]],
      ['show_b', 'missing', [{ source: 'access/users.yaml:5:14', pattern: 'show_*' }]],
      ['gone', 'unknown-project', [{ source: 'access/users.yaml:5:24' }]],
      ['old_*', 'no-match', [{ source: 'access/users.yaml:5:30', pattern: 'old_*' }]],
    ]);
    const user = view.roles.find((r) => r.role === 'User')!;
    expect(user.desired).toEqual({ all_open: true, projects: ['secret'] });
    expect(user.items.map((i) => [i.project, i.status, i.sources.map((s) => s.source)])).toEqual([
      [null, 'missing', ['access/groups.yaml:6:13 (group lighting)']],
      // alpha is open: once the role is on all open projects, the explicit grant the
      // server holds adds no access, and the planner leaves it alone
      ['alpha', 'no-effect', ['access/groups.yaml:10:22 (group secret-team)']],
      ['secret', 'missing', ['access/groups.yaml:10:14 (group secret-team)']],
    ]);
    expect(view.summary).toEqual({ roles: 2, in_sync: 0, differences: 2 });
  });

  it('marks an open project named or held under all-open as no effect', () => {
    const current = buildState({
      users: [
        { username: 'bo', roles: { User: { all_open: true, projects: ['alpha'] } } },
        { username: 'cy', roles: { User: 'all-open' } },
      ],
    });
    const { desired } = loadTexts({
      'a.yaml':
        'version: 1\nusers:\n  bo:\n    roles:\n      User: all-open\n  cy:\n    roles:\n      User: { all_open: true, projects: [beta] }\n',
    });
    const { plan } = planChanges({ desired, current, apiUser: 'bo', now: new Date() });
    const bo = explainUser({ desired, current, plan }, 'bo');
    expect(bo.roles[0]!.items.map((i) => [i.project, i.status])).toEqual([
      [null, 'in-sync'],
      ['alpha', 'no-effect'],
    ]);
    expect(bo.roles[0]).toMatchObject({ in_sync: true, change: null });
    const cy = explainUser({ desired, current, plan }, 'cy');
    expect(cy.roles[0]!.items.map((i) => [i.project, i.status])).toEqual([
      [null, 'in-sync'],
      ['beta', 'no-effect'],
    ]);
    expect(cy.roles[0]).toMatchObject({ in_sync: true, change: null });
  });

  it('says where a user who is not declared stands, in the words of the ownership table', () => {
    // zoe is not declared and holds User, a role the files own: the plan removes it.
    const zoe = explainUser(input(), 'zoe');
    expect(zoe).toMatchObject({
      declared: false,
      managed: true,
      active: false,
      standing: 'not-declared',
    });
    expect(zoe.roles[0]).toMatchObject({ managed: true, change: { reason: 'inactive' } });
    expect(zoe.roles[0]!.items.map((i) => i.status)).toEqual(['extra']);
    expect(render('explain', 'text', zoe)).toContain(
      'User zoe: inactive on the server, undeclared holder of an owned role: the plan removes it',
    );
    // kai holds Reviewer, a role the files own, and Supervisor, which they never mention.
    const kai = explainUser(input(), 'kai');
    expect(kai.roles.map((r) => [r.role, r.managed, r.items.map((i) => i.status)])).toEqual([
      ['Reviewer', true, ['extra']],
      ['Supervisor', false, ['unmanaged']],
    ]);
    const text = render('explain', 'text', kai);
    expect(text).toContain('Reviewer: differs; plan: remove (not-declared)');
    expect(text).toContain('Supervisor: not managed');
    const svc = explainUser(input(), 'svc');
    expect(svc).toMatchObject({ ignored: true, standing: 'ignored', managed: false });
    expect(render('explain', 'text', svc)).toContain('ignored (ignore_users): never changed');
  });

  it('explains a declared user the server does not have, and a grant that has ended', () => {
    const { desired } = loadTexts({
      'a.yaml': [
        'version: 1',
        'users:',
        '  ghost:',
        '    roles:',
        '      User: all-open',
        '  bo:',
        '    roles:',
        '      Reviewer: { projects: [beta], until: 2020-01-01 }',
        '',
      ].join('\n'),
    });
    const current = buildState({ users: [{ username: 'bo', roles: { Reviewer: ['beta'] } }] });
    const { plan } = planChanges({ desired, current, apiUser: 'bo', now: new Date() });
    const ghost = explainUser({ desired, current, plan }, 'ghost');
    expect(ghost).toMatchObject({ on_server: false, active: null, declared: true, managed: false });
    expect(ghost.roles[0]!.items.map((i) => i.status)).toEqual(['missing']);
    // the CLI explains the desired state as of today: ended grants dropped
    const today = dropExpiredGrants(desired, new Date()).desired;
    const bo = render('explain', 'text', explainUser({ desired: today, current, plan }, 'bo'));
    expect(bo).toContain(
      'Reviewer: differs; plan: remove (undeclared; ended 2020-01-01 at a.yaml:8:7)',
    );
  });
});

describe('explainProject', () => {
  it('lists all-open holders of an open project and explicit grants, desired and current', () => {
    const view = explainProject(input(), 'beta');
    expect(
      view.access.map((r) => [
        r.user,
        r.role,
        r.status,
        r.current_via,
        r.desired_via.map((v) => v.source),
      ]),
    ).toEqual([
      ['ana', 'Lead', 'extra', ['granted'], []],
      ['ana', 'User', 'missing', [], ['access/groups.yaml:6:13 (group lighting)']],
      ['bo', 'Reviewer', 'in-sync', ['granted'], ['access/users.yaml:8:18']],
      ['bo', 'User', 'in-sync', ['all-open'], ['access/groups.yaml:6:13 (group lighting)']],
      // kai is not declared: Supervisor is not mentioned by the files (left alone)
      ['kai', 'Supervisor', 'unmanaged', ['all-open'], []],
      ['svc', 'Administrator', 'unmanaged', ['all-open'], []],
    ]);
    expect(view.summary).toEqual({ users_desired: 2, users_current: 4, differences: 2 });
  });

  it('reaches a private project only through explicit grants', () => {
    const view = explainProject(input(), 'secret');
    expect(view.project).toMatchObject({ exists: true, private: true });
    expect(view.access.map((r) => [r.user, r.role, r.status])).toEqual([
      ['ana', 'User', 'missing'],
      ['zoe', 'User', 'extra'],
    ]);
  });

  it('explains a project the server does not have from the config alone', () => {
    const view = explainProject(input(), 'gone');
    expect(view.project.exists).toBe(false);
    expect(view.access.map((r) => [r.user, r.role, r.status])).toEqual([
      ['ana', 'Lead', 'missing'],
    ]);
  });
});
