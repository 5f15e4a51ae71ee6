import { describe, expect, it } from 'vitest';
import { ignoredUserRule } from '../../../../src/config/rules/ignored-user.js';
import { brief, documentsOf, yaml } from '../helpers.js';

describe('FR307 ignored-user', () => {
  it('reports declared users and group members that match ignore_users', () => {
    const diagnostics = ignoredUserRule.check(
      documentsOf({
        'settings.yaml': yaml('version: 1', 'settings:', "  ignore_users: ['svc-*', root]"),
        'users.yaml': yaml(
          'version: 1',
          'users:',
          '  svc-render: { roles: {} }',
          '  ana: { roles: {} }',
          'groups:',
          '  admins: { members: [maria, root], roles: {} }',
        ),
      }),
    );
    expect(brief(diagnostics)).toEqual([
      'users.yaml:3:3 error FR307',
      'users.yaml:6:30 error FR307',
    ]);
    expect(diagnostics.map((d) => d.summary)).toEqual([
      "user 'svc-render' is declared but matches ignore_users ('svc-*')",
      "user 'root' is a member of group 'admins' but matches ignore_users ('root')",
    ]);
  });

  it('accepts users that match no glob (globs match whole names)', () => {
    const docs = documentsOf({
      'settings.yaml': yaml('version: 1', 'settings:', "  ignore_users: ['svc-*']"),
      'users.yaml': yaml('version: 1', 'users:', '  my-svc-x: { roles: {} }'),
    });
    expect(ignoredUserRule.check(docs)).toEqual([]);
  });
});
