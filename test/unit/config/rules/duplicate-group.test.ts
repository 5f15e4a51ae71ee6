import { describe, expect, it } from 'vitest';
import { duplicateGroupRule } from '../../../../src/config/rules/duplicate-group.js';
import { brief, documentsOf, yaml } from '../helpers.js';

describe('FR303 duplicate-group', () => {
  it('reports a group defined in two files', () => {
    const group = (member: string) =>
      yaml('version: 1', 'groups:', '  comp:', `    members: [${member}]`, '    roles: {}');
    const diagnostics = duplicateGroupRule.check(
      documentsOf({ 'a.yaml': group('dara'), 'b.yaml': group('eli') }),
    );
    expect(brief(diagnostics)).toEqual(['b.yaml:3:3 error FR303']);
    expect(diagnostics[0]!.summary).toBe("group 'comp' is defined in two files");
  });

  it('accepts distinct groups', () => {
    const docs = documentsOf({
      'a.yaml': yaml('version: 1', 'groups:', '  a: { members: [x], roles: {} }'),
      'b.yaml': yaml('version: 1', 'groups:', '  b: { members: [x], roles: {} }'),
    });
    expect(duplicateGroupRule.check(docs)).toEqual([]);
  });
});
