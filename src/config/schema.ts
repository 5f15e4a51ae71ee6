import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { validate } from './generated/desired-state-validator.js';

/** The `$id` of the format-version-1 schema. */
export const SCHEMA_ID = 'https://ftrack-roles.dev/schema/desired-state.v1.json';

/**
 * The schema compiled ahead of time (ajv standalone code, generated from
 * schema/desired-state.v1.schema.json by `npm run generate:schema`), so neither ajv's
 * compiler nor the compilation runs at start-up.
 */
const compiled = validate as unknown as ValidateFunction;

/** The JSON Schema of format version 1, loaded from `schema/` (shipped with the package). */
export function loadSchema(): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  return require('../../schema/desired-state.v1.schema.json') as Record<string, unknown>;
}

/** Validates a value against the schema and returns every error (ajv, `allErrors`). */
export function schemaErrors(data: unknown): ErrorObject[] {
  return compiled(data) ? [] : [...(compiled.errors ?? [])];
}
