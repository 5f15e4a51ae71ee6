import { describe, expect, it } from 'vitest';
import { duplicateSettingsRule } from '../../../../src/config/rules/duplicate-settings.js';
import { brief, documentsOf, yaml } from '../helpers.js';

describe('FR302 duplicate-settings', () => {
  it('reports every settings block after the first file', () => {
    const docs = documentsOf({
      'a.yaml': yaml('version: 1', 'settings: { manage: all }'),
      'b.yaml': yaml('version: 1', 'users: {}', 'settings:', '  max_removals: 3'),
      'c.yaml': yaml('version: 1', 'settings: {}'),
    });
    expect(brief(duplicateSettingsRule.check(docs))).toEqual([
      'b.yaml:3:1 error FR302',
      'c.yaml:2:1 error FR302',
    ]);
  });

  it('accepts one settings block', () => {
    const docs = documentsOf({
      'a.yaml': yaml('version: 1', 'settings: { manage: all }'),
      'b.yaml': yaml('version: 1', 'users: {}'),
    });
    expect(duplicateSettingsRule.check(docs)).toEqual([]);
  });
});
