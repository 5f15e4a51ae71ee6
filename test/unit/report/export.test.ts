import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectExport } from '../../../src/report/index.js';
import { EXPORT_HEADER, renderExportFiles } from '../../../src/render/index.js';
import { renderExportDocument } from '../../../src/render/export-yaml.js';
import { planChanges } from '../../../src/plan/index.js';
import type { CurrentState } from '../../../src/current/types.js';
import { buildState, loadTexts, PROJECTS, type ScopeSpec } from './state-builder.js';

/** Exports `state`, loads the files back and plans: the changes and error codes. */
function roundTrip(state: CurrentState, single = false) {
  const model = collectExport(state);
  const files = single
    ? { 'export/access.yaml': renderExportDocument(model) }
    : Object.fromEntries(renderExportFiles(model).map((f) => [`export/${f.path}`, f.text]));
  const { desired } = loadTexts(files);
  const result = planChanges({ desired, current: state, apiUser: 'svc', now: new Date() });
  return {
    changes: result.plan.changes,
    errors: result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
    model,
  };
}

const studio = buildState({
  users: [
    { username: 'svc', roles: { Administrator: 'all-open' } },
    {
      username: 'ana',
      roles: {
        User: { all_open: true, projects: ['secret'] },
        Lead: ['show_b', 'show_a'],
      },
    },
    { username: 'cy', roles: { User: { all_open: true, projects: ['secret', 'beta', 'alpha'] } } },
    { username: 'bo', roles: { Reviewer: [] } },
    { username: 'chen' },
    { username: 'zoe', active: false, roles: { User: ['beta'] } },
    { username: 'api-bot', roles: { API: 'all-open' } },
    { username: 'jo', roles: { 'Restricted User': ['secret'] } },
  ],
});

describe('collectExport', () => {
  it('keeps active users with roles, sorted, in canonical scopes', () => {
    const model = collectExport(studio);
    expect(model.users.map((u) => u.username)).toEqual(['ana', 'bo', 'cy', 'svc']);
    expect(model.users[0]!.roles).toEqual([
      { role: 'Lead', scope: { all_open: false, projects: ['show_a', 'show_b'] } },
      { role: 'User', scope: { all_open: true, projects: ['secret'] } },
    ]);
    expect(model.roles.map((r) => r.name)).toEqual([
      'API',
      'Administrator',
      'Lead',
      'Legacy Editor',
      'Restricted User',
      'Reviewer',
      'Supervisor',
      'User',
    ]);
  });

  it('lists inactive and inexpressible users as skipped, with the reason', () => {
    expect(collectExport(studio).skipped).toEqual([
      { username: 'api-bot', reason: 'holds the API role "API", which cannot be given to users' },
      { username: 'jo', reason: 'holds the ASSIGNED role "Restricted User" on a private project' },
      { username: 'zoe', reason: 'inactive (use --include-inactive)' },
    ]);
    const withInactive = collectExport(studio, { includeInactive: true });
    expect(withInactive.users.map((u) => u.username)).toContain('zoe');
  });

  it('filters users with --users GLOB', () => {
    expect(collectExport(studio, { users: '[ab]*' }).users.map((u) => u.username)).toEqual([
      'ana',
      'bo',
    ]);
  });

  it('skips users granted a project whose name reads as a glob matching other projects', () => {
    const state = buildState({
      projects: [
        { name: 'show_*' },
        { name: 'show_a' },
        { name: 'x[1]' },
        { name: 'x1' },
        { name: 'y[2]' },
      ],
      users: [
        { username: 'a', roles: { User: ['show_*'] } },
        { username: 'b', roles: { User: ['x[1]'] } },
        { username: 'c', roles: { User: ['y[2]'] } },
      ],
    });
    const model = collectExport(state);
    expect(model.skipped.map((s) => s.username)).toEqual(['a', 'b']);
    // `y[2]` matches only itself, so the resolver reads it back as exactly that project
    expect(model.users.map((u) => u.username)).toEqual(['c']);
    const files = renderExportFiles(model).map((f) => [f.path, f.text]);
    const result = planChanges({
      desired: loadTexts(Object.fromEntries(files)).desired,
      current: state,
      apiUser: 'c',
      now: new Date(),
    });
    expect(result.plan.changes).toEqual([]);
  });
  it('writes manage: declared for a partial export (--users): the others keep their roles', () => {
    const model = collectExport(studio, { users: 'a*' });
    expect(model.settings).toMatchObject({ manage: 'declared', ignoreUsers: [] });
    const files = renderExportFiles(model).map((f) => [f.path, f.text]);
    const { desired } = loadTexts(Object.fromEntries(files));
    const { plan } = planChanges({ desired, current: studio, apiUser: 'svc', now: new Date() });
    expect(plan.changes).toEqual([]);
  });

  it('writes explicit open grants under all-open in canonical form, and plan keeps them', () => {
    const model = collectExport(studio);
    expect(model.users.find((u) => u.username === 'cy')?.roles).toEqual([
      { role: 'User', scope: { all_open: true, projects: ['secret'] } },
    ]);
    const files = renderExportFiles(model).map((f) => [f.path, f.text]);
    const { desired } = loadTexts(Object.fromEntries(files));
    const { plan } = planChanges({ desired, current: studio, apiUser: 'svc', now: new Date() });
    // the explicit grants of open projects add no access: not a difference
    expect(plan.changes).toEqual([]);
  });
});

describe('renderExportFiles', () => {
  it('writes canonical YAML in the scope syntax, without any key', () => {
    const files = renderExportFiles(collectExport(studio), { split: 'none' });
    expect(files.map((f) => f.path)).toEqual(['settings.yaml', 'roles.yaml', 'users.yaml']);
    // The settings that keep the export's own plan empty (manage: owned): the users the
    // format cannot express are ignored, and an inactive holder is kept.
    expect(files[0]!.text).toContain(
      'version: 1\nsettings:\n  manage: owned\n  inactive_users: keep\n  ignore_users: [api-bot, jo]\n',
    );
    expect(files[0]!.text).toContain('# inactive_users: keep, because 1 inactive user holds roles');
    expect(files[1]!.text).toContain('  # PROJECT\n  Administrator: {}\n');
    expect(files[2]!.text).toContain(
      [
        'users:',
        '  ana:',
        '    roles:',
        '      Lead: [show_a, show_b]',
        '      User: {all_open: true, projects: [secret]}',
        '  bo:',
        '    roles:',
        '      Reviewer: {all_open: false, projects: []}',
        '  cy:',
        '    roles:',
        '      User: {all_open: true, projects: [secret]}',
        '  svc:',
        '    roles:',
        '      Administrator: all-open',
      ].join('\n'),
    );
    expect(files[2]!.text).toContain('#   zoe: inactive (use --include-inactive)');
  });

  it('by letter (the default): one file per first letter, the users left out in settings.yaml', () => {
    const files = renderExportFiles(collectExport(studio));
    expect(files.map((f) => f.path)).toEqual([
      'settings.yaml',
      'roles.yaml',
      'users/a.yaml',
      'users/b.yaml',
      'users/c.yaml',
      'users/s.yaml',
    ]);
    expect(files[2]!.text).toContain(
      '# The users whose username starts with "a" (any case), with the roles and scopes held on the server.\n\nversion: 1\nusers:\n  ana:\n',
    );
    expect(files[0]!.text).toContain('#   zoe: inactive (use --include-inactive)');
    expect(files.slice(1).some((f) => f.text.includes('zoe'))).toBe(false);
    for (const file of files)
      expect(file.text.split('\n')[1]!.startsWith(EXPORT_HEADER)).toBe(true);
  });

  it('writes a role held on no project in the explicit form, which validates without a warning', () => {
    const { diagnostics } = loadTexts(
      Object.fromEntries(renderExportFiles(collectExport(studio)).map((f) => [f.path, f.text])),
    );
    expect(diagnostics).toEqual([]);
  });

  it('is deterministic whatever the order of the server rows', () => {
    const shuffled: CurrentState = {
      ...studio,
      users: [...studio.users].reverse(),
      roles: [...studio.roles].reverse(),
      assignments: [...studio.assignments].reverse(),
    };
    expect(renderExportFiles(collectExport(shuffled))).toEqual(
      renderExportFiles(collectExport(studio)),
    );
  });
});

describe('export → plan reports no change', () => {
  it('on a hand-made studio (files and single document)', () => {
    for (const single of [false, true]) {
      const { changes, errors } = roundTrip(studio, single);
      expect(errors).toEqual([]);
      expect(changes).toEqual([]);
    }
  });

  it('on random studios (property)', () => {
    const names = PROJECTS.map((p) => p.name);
    const scope: fc.Arbitrary<ScopeSpec> = fc.oneof(
      fc.constant('all-open' as const),
      fc.subarray(names),
      fc.record({ all_open: fc.boolean(), projects: fc.subarray(names) }),
    );
    const roles = fc.dictionary(
      fc.constantFrom('Administrator', 'Lead', 'Reviewer', 'User', 'Legacy Editor'),
      scope,
    );
    const users = fc.uniqueArray(
      fc.record({
        username: fc.stringMatching(/^[a-z][a-z0-9._-]{0,8}$/),
        active: fc.boolean(),
        roles,
      }),
      { selector: (u) => u.username, maxLength: 12 },
    );
    fc.assert(
      fc.property(users, (list) => {
        const { changes, errors } = roundTrip(buildState({ users: list }));
        expect(errors).toEqual([]);
        expect(changes).toEqual([]);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
