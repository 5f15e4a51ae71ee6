import { describe, expect, it } from 'vitest';
import { duplicateMemberRule } from '../../../../src/config/rules/duplicate-member.js';
import { brief, documentsOf, yaml } from '../helpers.js';

describe('FR310 duplicate-member', () => {
  it('warns at the repeated member', () => {
    const docs = documentsOf({
      'g.yaml': yaml(
        'version: 1',
        'groups:',
        '  comp:',
        '    members: [dara, eli, dara]',
        '    roles: {}',
      ),
    });
    expect(brief(duplicateMemberRule.check(docs))).toEqual(['g.yaml:4:26 warning FR310']);
  });

  it('accepts the same user in two groups', () => {
    const docs = documentsOf({
      'g.yaml': yaml(
        'version: 1',
        'groups:',
        '  a: { members: [dara], roles: {} }',
        '  b: { members: [dara], roles: {} }',
      ),
    });
    expect(duplicateMemberRule.check(docs)).toEqual([]);
  });
});
