import { describe, expect, it } from 'vitest';
import { unknownRoleRule } from '../../../../src/config/rules/unknown-role.js';
import { brief, documentsOf, yaml } from '../helpers.js';

describe('FR305 unknown-role', () => {
  const catalogue = yaml('version: 1', 'roles:', '  Supervisor: {}', '  User: {}');

  it('reports roles of users, groups and protected settings missing from the catalogue', () => {
    const diagnostics = unknownRoleRule.check(
      documentsOf({
        'roles.yaml': catalogue,
        'users.yaml': yaml(
          'version: 1',
          'settings:',
          '  protected: [{ role: Admin }]',
          'users:',
          '  ana:',
          '    roles:',
          '      Supervisr: [nebula]',
          '      User: all-open',
          'groups:',
          '  g:',
          '    members: [bo]',
          '    roles: { Lead: all-open }',
        ),
      }),
    );
    expect(brief(diagnostics)).toEqual([
      'users.yaml:7:7 error FR305',
      'users.yaml:12:14 error FR305',
      'users.yaml:3:23 error FR305',
    ]);
    expect(diagnostics.map((d) => d.summary)).toEqual([
      "role 'Supervisr' of user 'ana' is not in the role catalogue (did you mean 'Supervisor'?)",
      "role 'Lead' of group 'g' is not in the role catalogue",
      "role 'Admin' in settings.protected is not in the role catalogue",
    ]);
  });

  it('accepts any role when no file declares a catalogue', () => {
    const docs = documentsOf({
      'users.yaml': yaml('version: 1', 'users:', '  ana:', '    roles: { Anything: all-open }'),
    });
    expect(unknownRoleRule.check(docs)).toEqual([]);
  });
});
