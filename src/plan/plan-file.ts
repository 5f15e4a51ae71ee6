import { createRequire } from 'node:module';
import type * as AjvModule from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { ConfigError, type Diagnostic } from '../diagnostics/index.js';
import { PLAN_FILE_CODES } from './codes.js';
import { PLAN_FORMAT_VERSION, type Plan } from './types.js';

/** The `$id` of the plan file schema (schema/plan.v1.schema.json). */
export const PLAN_SCHEMA_ID = 'https://ftrack-roles.dev/schema/plan.v1.json';

let compiled: ValidateFunction | undefined;

/** The JSON Schema of the plan file, loaded from `schema/` (shipped with the package). */
export function loadPlanSchema(): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  return require('../../schema/plan.v1.schema.json') as Record<string, unknown>;
}

/**
 * Parses the text of a saved plan (`plan --out FILE`) and checks it against the schema.
 * Throws a ConfigError whose diagnostics say what is wrong (exit 1).
 */
export function parsePlan(text: string, file: string): Plan {
  const at = { file, line: 1, col: 1 };
  const fail = (code: string, summary: string, hint: string): never => {
    const diagnostic: Diagnostic = { severity: 'error', code, summary, hint, source: at };
    throw new ConfigError(`${file}: ${summary}`, [diagnostic]);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return fail(
      PLAN_FILE_CODES.notJson,
      `Not a plan file: ${why}`,
      'Write plans with `ftrack-roles plan --out FILE`.',
    );
  }
  const version = (value as { format_version?: unknown } | null)?.format_version;
  if (version !== PLAN_FORMAT_VERSION) {
    return fail(
      PLAN_FILE_CODES.unsupportedVersion,
      `Unsupported plan format_version ${JSON.stringify(version)} (this version reads ${PLAN_FORMAT_VERSION})`,
      'Plan again with this version of ftrack-roles.',
    );
  }
  compiled ??= new (loadAjv().Ajv2020)({ allErrors: true, allowUnionTypes: true }).compile(
    loadPlanSchema(),
  );
  if (!compiled(value)) {
    const first = compiled.errors?.[0];
    const where = first ? `${first.instancePath || '/'} ${first.message ?? ''}`.trim() : '';
    return fail(
      PLAN_FILE_CODES.invalid,
      `Invalid plan file: ${where}`,
      'Do not edit plan files; plan again.',
    );
  }
  return value as Plan;
}

/**
 * ajv's compiler, loaded on first use: only reading this file needs it, and loading it
 * costs every command that merely imports this module tens of milliseconds.
 */
function loadAjv(): typeof AjvModule {
  return createRequire(import.meta.url)('ajv/dist/2020.js') as typeof AjvModule;
}
