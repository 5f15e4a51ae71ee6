import { describe, expect, it } from 'vitest';
import { emptyScopeRule, isEmptyScope } from '../../../../src/config/rules/empty-scope.js';
import { brief, documentsOf, yaml } from '../helpers.js';

describe('FR308 empty-scope', () => {
  it('warns about [], {} and { all_open: false } but not the explicit { all_open: false, projects: [] }', () => {
    const diagnostics = emptyScopeRule.check(
      documentsOf({
        'users.yaml': yaml(
          'version: 1',
          'users:',
          '  ana:',
          '    roles:',
          '      A: []',
          '      B: {}',
          '      C: { all_open: false, projects: [] }',
          '      D: all-open',
          '      E: [nebula]',
          '      F: { all_open: true }',
          '      G: { all_open: false }',
          '      H: { projects: [] }',
        ),
      }),
    );
    expect(brief(diagnostics)).toEqual([
      'users.yaml:5:10 warning FR308',
      'users.yaml:6:10 warning FR308',
      'users.yaml:11:10 warning FR308',
      'users.yaml:12:10 warning FR308',
    ]);
    expect(diagnostics[0]!.hint).toContain('delete this line');
  });

  it('classifies scopes', () => {
    expect(isEmptyScope('all-open')).toBe(false);
    expect(isEmptyScope([])).toBe(true);
    expect(isEmptyScope({ projects: ['x'] })).toBe(false);
    expect(isEmptyScope({ all_open: false })).toBe(true);
  });
});
