import { describe, expect, it } from 'vitest';
import { duplicateCatalogueRoleRule } from '../../../../src/config/rules/duplicate-catalogue-role.js';
import { brief, documentsOf, yaml } from '../helpers.js';

describe('FR304 duplicate-catalogue-role', () => {
  it('reports a role described in two files', () => {
    const docs = documentsOf({
      'a.yaml': yaml('version: 1', 'roles:', '  User: {}'),
      'b.yaml': yaml('version: 1', 'roles:', '  Lead: {}', '  User: { retired: true }'),
    });
    expect(brief(duplicateCatalogueRoleRule.check(docs))).toEqual(['b.yaml:4:3 error FR304']);
  });

  it('accepts a catalogue split over files', () => {
    const docs = documentsOf({
      'a.yaml': yaml('version: 1', 'roles:', '  User: {}'),
      'b.yaml': yaml('version: 1', 'roles:', '  Lead: {}'),
    });
    expect(duplicateCatalogueRoleRule.check(docs)).toEqual([]);
  });
});
