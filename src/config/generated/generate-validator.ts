import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type Options } from 'ajv/dist/2020.js';

/**
 * Generates the schema validators: `desired-state-validator.ts` (the desired state, format
 * version 1) and `src/plan/generated/plan-validator.ts` (plan files), each JSON Schema
 * compiled ahead of time with ajv's standalone code generation
 * (https://ajv.js.org/standalone.html), so the CLI neither loads ajv's compiler nor
 * compiles a schema when it runs. Run it with `npm run generate:schema` after changing a
 * schema or upgrading ajv; test/unit/config/schema-validator.test.ts and
 * test/unit/plan/plan-file.test.ts fail while a checked-in file is stale.
 */

/** The ajv options of the desired-state validator (they shape its `errors` array). */
export const VALIDATOR_OPTIONS: Options = { allErrors: true, verbose: true, allowUnionTypes: true };
/** The ajv options of the plan file validator. */
export const PLAN_VALIDATOR_OPTIONS: Options = { allErrors: true, allowUnionTypes: true };

/** The project root: this file is in src/config/generated/ or dist/config/generated/. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const SCHEMA_FILE = `${ROOT}schema/desired-state.v1.schema.json`;
export const VALIDATOR_FILE = `${ROOT}src/config/generated/desired-state-validator.ts`;
export const PLAN_SCHEMA_FILE = `${ROOT}schema/plan.v1.schema.json`;
export const PLAN_VALIDATOR_FILE = `${ROOT}src/plan/generated/plan-validator.ts`;

type StandaloneCode = (ajv: Ajv2020, validate: unknown) => string;

/** The source text of a generated validator module, from a schema's text. */
function standaloneSource(schemaText: string, schemaName: string, options: Options): string {
  const require = createRequire(import.meta.url);
  const standaloneCode = require('ajv/dist/standalone') as StandaloneCode;
  const { version } = require('ajv/package.json') as { version: string };
  const ajv = new Ajv2020({ ...options, code: { source: true, esm: true, lines: true } });
  const validate = ajv.compile(JSON.parse(schemaText) as object);
  const code = standaloneCode(ajv, validate).replace(/^"use strict";\n?/, '');
  return [
    '// @ts-nocheck',
    '// GENERATED FILE, do not edit. Regenerate with `npm run generate:schema` (it runs',
    '// src/config/generated/generate-validator.ts) after changing',
    `// ${schemaName} or upgrading ajv. Made by ajv ${version} standalone code`,
    `// with the options ${JSON.stringify(options)}.`,
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    code.trimEnd(),
    '',
  ].join('\n');
}

/** The source text of the desired-state validator module, from the schema file on disk. */
export function generateValidatorSource(schemaText = readFileSync(SCHEMA_FILE, 'utf8')): string {
  return standaloneSource(schemaText, 'schema/desired-state.v1.schema.json', VALIDATOR_OPTIONS);
}

/** The source text of the plan file validator module, from the schema file on disk. */
export function generatePlanValidatorSource(
  schemaText = readFileSync(PLAN_SCHEMA_FILE, 'utf8'),
): string {
  return standaloneSource(schemaText, 'schema/plan.v1.schema.json', PLAN_VALIDATOR_OPTIONS);
}

/** Writes the generated validator modules (the `generate:schema` script). */
function writeValidatorSources(): string[] {
  writeFileSync(VALIDATOR_FILE, generateValidatorSource(), 'utf8');
  mkdirSync(dirname(PLAN_VALIDATOR_FILE), { recursive: true });
  writeFileSync(PLAN_VALIDATOR_FILE, generatePlanValidatorSource(), 'utf8');
  return [VALIDATOR_FILE, PLAN_VALIDATOR_FILE];
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const file of writeValidatorSources()) process.stdout.write(`Wrote ${file}\n`);
}
