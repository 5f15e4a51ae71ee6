import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type Options } from 'ajv/dist/2020.js';

/**
 * Generates `desired-state-validator.ts`: the JSON Schema of format version 1 compiled
 * ahead of time with ajv's standalone code generation (https://ajv.js.org/standalone.html),
 * so the CLI neither loads ajv's compiler nor compiles the schema at start-up.
 * Run it with `npm run generate:schema` after changing the schema or upgrading ajv;
 * test/unit/config/schema-validator.test.ts fails while the checked-in file is stale.
 */

/** The ajv options of the validator (they shape its `errors` array). */
export const VALIDATOR_OPTIONS: Options = { allErrors: true, verbose: true, allowUnionTypes: true };

/** The project root: this file is in src/config/generated/ or dist/config/generated/. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const SCHEMA_FILE = `${ROOT}schema/desired-state.v1.schema.json`;
export const VALIDATOR_FILE = `${ROOT}src/config/generated/desired-state-validator.ts`;

type StandaloneCode = (ajv: Ajv2020, validate: unknown) => string;

/** The source text of the generated validator module, from the schema file on disk. */
export function generateValidatorSource(schemaText = readFileSync(SCHEMA_FILE, 'utf8')): string {
  const require = createRequire(import.meta.url);
  const standaloneCode = require('ajv/dist/standalone') as StandaloneCode;
  const { version } = require('ajv/package.json') as { version: string };
  const ajv = new Ajv2020({ ...VALIDATOR_OPTIONS, code: { source: true, esm: true, lines: true } });
  const validate = ajv.compile(JSON.parse(schemaText) as object);
  const code = standaloneCode(ajv, validate).replace(/^"use strict";\n?/, '');
  return [
    '// @ts-nocheck',
    '// GENERATED FILE, do not edit. Regenerate with `npm run generate:schema` (it runs',
    '// src/config/generated/generate-validator.ts) after changing',
    `// schema/desired-state.v1.schema.json or upgrading ajv. Made by ajv ${version} standalone code`,
    `// with the options ${JSON.stringify(VALIDATOR_OPTIONS)}.`,
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    code.trimEnd(),
    '',
  ].join('\n');
}

/** Writes the generated validator module (the `generate:schema` script). */
export function writeValidatorSource(): string {
  writeFileSync(VALIDATOR_FILE, generateValidatorSource(), 'utf8');
  return VALIDATOR_FILE;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`Wrote ${writeValidatorSource()}\n`);
}
