import { describe, expect, it } from 'vitest';
import { duplicateProjectRule } from '../../../../src/config/rules/duplicate-project.js';
import { brief, documentsOf, yaml } from '../helpers.js';

describe('FR309 duplicate-project', () => {
  it('warns at each repeated project, in lists and scope objects', () => {
    const diagnostics = duplicateProjectRule.check(
      documentsOf({
        'u.yaml': yaml(
          'version: 1',
          'users:',
          '  ana:',
          '    roles:',
          '      User: [a, b, a, a]',
          '      Lead: { projects: [x, x] }',
        ),
      }),
    );
    expect(brief(diagnostics)).toEqual([
      'u.yaml:5:20 warning FR309',
      'u.yaml:5:23 warning FR309',
      'u.yaml:6:29 warning FR309',
    ]);
  });

  it('accepts distinct projects', () => {
    const docs = documentsOf({
      'u.yaml': yaml('version: 1', 'users:', '  ana: { roles: { User: [a, b] } }'),
    });
    expect(duplicateProjectRule.check(docs)).toEqual([]);
  });
});
