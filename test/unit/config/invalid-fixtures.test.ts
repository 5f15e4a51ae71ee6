import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesiredState } from '../../../src/pipeline/load-desired.js';

/**
 * The catalogue of invalid inputs: each folder of test/fixtures/invalid holds config files
 * and an expected.json with the exact diagnostics (severity, code, file, line, col).
 */
const root = join(import.meta.dirname, '../../fixtures/invalid');

interface Expected {
  paths: string[];
  diagnostics: {
    severity: string;
    code: string;
    file: string | null;
    line: number | null;
    col: number | null;
  }[];
}

const cases = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('invalid config catalogue', () => {
  it('holds at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', async (name) => {
    const dir = join(root, name);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
    const loaded = await loadDesiredState(expected.paths, { cwd: dir });
    const actual = loaded.diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      file: d.source?.file ?? null,
      line: d.source?.line ?? null,
      col: d.source?.col ?? null,
    }));
    expect(actual).toEqual(expected.diagnostics);
    expect(expected.diagnostics.length).toBeGreaterThan(0);
    const errors = expected.diagnostics.some((d) => d.severity === 'error');
    expect(loaded.desired === undefined).toBe(errors);
    for (const d of loaded.diagnostics) {
      expect(d.summary.length).toBeGreaterThan(0);
      expect(d.hint ?? '').not.toBe('');
    }
  });
});
