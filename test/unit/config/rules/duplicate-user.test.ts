import { describe, expect, it } from 'vitest';
import { duplicateUserRule } from '../../../../src/config/rules/duplicate-user.js';
import { documentsOf, yaml } from '../helpers.js';

describe('FR301 duplicate-user', () => {
  it('reports a user declared in a second file, at the second key', () => {
    const docs = documentsOf({
      'a.yaml': yaml('version: 1', 'users:', '  ana:', '    roles: {}'),
      'b.yaml': yaml('version: 1', 'users:', '  bo:', '    roles: {}', '  ana:', '    roles: {}'),
    });
    const [d, ...rest] = duplicateUserRule.check(docs);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      severity: 'error',
      code: 'FR301',
      summary: "user 'ana' is declared in two files",
      detail: 'first declared at a.yaml:3:3',
      source: { file: 'b.yaml', line: 5, col: 3 },
    });
  });

  it('accepts different users in different files, and group members', () => {
    const docs = documentsOf({
      'a.yaml': yaml('version: 1', 'users:', '  ana:', '    roles: {}'),
      'b.yaml': yaml('version: 1', 'groups:', '  g:', '    members: [ana]', '    roles: {}'),
    });
    expect(duplicateUserRule.check(docs)).toEqual([]);
  });
});
