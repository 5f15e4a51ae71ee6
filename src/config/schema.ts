import { createRequire } from 'node:module';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/** The `$id` of the format-version-1 schema. */
export const SCHEMA_ID = 'https://ftrack-roles.dev/schema/desired-state.v1.json';

let compiled: ValidateFunction | undefined;

/** The JSON Schema of format version 1, loaded from `schema/` (shipped with the package). */
export function loadSchema(): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  return require('../../schema/desired-state.v1.schema.json') as Record<string, unknown>;
}

/** Validates a value against the schema and returns every error (ajv, `allErrors`). */
export function schemaErrors(data: unknown): ErrorObject[] {
  compiled ??= new Ajv2020({ allErrors: true, verbose: true, allowUnionTypes: true }).compile(
    loadSchema(),
  );
  return compiled(data) ? [] : [...(compiled.errors ?? [])];
}
