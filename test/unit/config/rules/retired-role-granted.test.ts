import { describe, expect, it } from 'vitest';
import { retiredRoleGrantedRule } from '../../../../src/config/rules/retired-role-granted.js';
import { brief, documentsOf, yaml } from '../helpers.js';

describe('FR306 retired-role-granted', () => {
  it('reports grants of a retired role by users and groups', () => {
    const diagnostics = retiredRoleGrantedRule.check(
      documentsOf({
        'roles.yaml': yaml('version: 1', 'roles:', '  Old: { retired: true }', '  User: {}'),
        'users.yaml': yaml(
          'version: 1',
          'users:',
          '  pat: { roles: { Old: [ember], User: all-open } }',
          'groups:',
          '  g: { members: [pat], roles: { Old: all-open } }',
        ),
      }),
    );
    expect(brief(diagnostics)).toEqual([
      'users.yaml:3:19 error FR306',
      'users.yaml:5:33 error FR306',
    ]);
    expect(diagnostics[0]!.summary).toBe("retired role 'Old' is still granted to user 'pat'");
  });

  it('accepts a retired role nobody is granted, and retired: false', () => {
    const docs = documentsOf({
      'roles.yaml': yaml(
        'version: 1',
        'roles:',
        '  Old: { retired: true }',
        '  User: { retired: false }',
      ),
      'users.yaml': yaml('version: 1', 'users:', '  pat: { roles: { User: all-open } }'),
    });
    expect(retiredRoleGrantedRule.check(docs)).toEqual([]);
  });
});
