import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  generateValidatorSource,
  SCHEMA_FILE,
  VALIDATOR_FILE,
  VALIDATOR_OPTIONS,
} from '../../../src/config/generated/generate-validator.js';
import { loadSchema, SCHEMA_ID, schemaErrors } from '../../../src/config/schema.js';

/**
 * The schema validator is ajv standalone code checked into src/config/generated/. It must
 * never go stale, and it must report exactly what ajv compiling the schema at run time does.
 */
const root = join(import.meta.dirname, '../../..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Every config document of the fixtures and examples that parses as YAML, and a few odd values. */
function documents(): [string, unknown][] {
  const found: [string, unknown][] = [];
  const dirs = ['test/fixtures/invalid', 'test/fixtures/valid', 'examples'];
  for (const file of dirs.flatMap((dir) => yamlFiles(join(root, dir)))) {
    try {
      found.push([
        relative(root, file),
        parse(readFileSync(file, 'utf8'), { logLevel: 'error' }) as unknown,
      ]);
    } catch {
      // Not YAML (binary, alias bomb, syntax errors): the schema never sees those.
    }
  }
  const odd: [string, unknown][] = [
    ['null', null],
    ['a number', 42],
    ['a list', [{ version: 1 }]],
    ['version 2', { version: 2, users: [] }],
    ['a bad scope', { version: 1, users: { ana: { roles: { '': 7, ' x': 'all' } } } }],
    ['a bad group', { version: 1, groups: { g: { members: ['a'], ftrack_group: 'x', roles: 1 } } }],
    ['a bad date', { version: 1, users: { a: { roles: { R: { until: '1.2.2026', x: 1 } } } } }],
  ];
  return [...found, ...odd];
}

describe('the generated schema validator', () => {
  it('is what `npm run generate:schema` makes of the schema today (else rerun it)', () => {
    expect(readFileSync(VALIDATOR_FILE, 'utf8')).toBe(generateValidatorSource());
  });

  it('changes when the schema changes', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as {
      $defs: { date: { pattern: string } };
    };
    schema.$defs.date.pattern = '^[0-9]{8}$';
    expect(generateValidatorSource(JSON.stringify(schema))).not.toBe(
      readFileSync(VALIDATOR_FILE, 'utf8'),
    );
  });

  it('is the schema of schema/ with the $id the code names', () => {
    expect(loadSchema()['$id']).toBe(SCHEMA_ID);
  });

  describe('reports the errors of ajv compiling the schema at run time', () => {
    const compiled = new Ajv2020(VALIDATOR_OPTIONS).compile(loadSchema());
    const cases = documents();

    it('over many invalid documents', () => {
      const invalid = cases.filter(([, data]) => !compiled(data));
      expect(invalid.length).toBeGreaterThanOrEqual(25);
    });

    it.each(cases)('%s', (_name, data) => {
      const expected = compiled(data) ? [] : [...(compiled.errors ?? [])];
      expect(schemaErrors(data)).toEqual(expected);
    });
  });
});
