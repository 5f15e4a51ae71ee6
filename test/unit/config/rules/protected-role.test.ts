import { describe, expect, it } from 'vitest';
import { protectedRoleRule } from '../../../../src/config/rules/protected-role.js';
import { brief, documentsOf, yaml } from '../helpers.js';

describe('FR311 protected-role', () => {
  it('reports a role protected twice and a protected role that is retired', () => {
    const diagnostics = protectedRoleRule.check(
      documentsOf({
        's.yaml': yaml(
          'version: 1',
          'settings:',
          '  protected:',
          '    - { role: Administrator, min_holders: 2 }',
          '    - { role: Administrator }',
          '    - { role: Old }',
          'roles:',
          '  Administrator: {}',
          '  Old: { retired: true }',
        ),
      }),
    );
    expect(brief(diagnostics)).toEqual(['s.yaml:5:15 error FR311', 's.yaml:6:15 error FR311']);
    expect(diagnostics.map((d) => d.summary)).toEqual([
      "role 'Administrator' is protected twice",
      "role 'Old' is both protected and retired",
    ]);
  });

  it('accepts distinct protected roles', () => {
    const docs = documentsOf({
      's.yaml': yaml('version: 1', 'settings:', '  protected: [{ role: A }, { role: B }]'),
    });
    expect(protectedRoleRule.check(docs)).toEqual([]);
  });
});
