import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configRules } from '../../../src/config/rules/index.js';

const repo = join(import.meta.dirname, '../../..');

/** Every diagnostic code the config stage can emit, found in its sources. */
function codesInSources(): string[] {
  const dir = join(repo, 'src/config');
  const codes = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const m of text.matchAll(/'(FR\d{3})'/g)) codes.add(m[1]!);
  }
  return [...codes].sort();
}

describe('diagnostic codes', () => {
  it('are each documented in docs/format.md', () => {
    const docs = readFileSync(join(repo, 'docs/format.md'), 'utf8');
    const codes = codesInSources();
    expect(codes.length).toBeGreaterThan(30);
    expect(codes.filter((code) => !docs.includes(`| ${code} |`))).toEqual([]);
  });

  it('are unique per rule', () => {
    const codes = configRules.map((rule) => rule.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(configRules.map((rule) => rule.name).every((name) => /^[a-z-]+$/.test(name))).toBe(true);
  });
});
