import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type * as AjvModule from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { CATALOG_CODES } from './catalog-codes.js';
import { CATALOG_FORMAT_VERSION, type Catalog } from './catalog-types.js';

/** The `$id` of the catalogue schema (schema/catalog.v1.schema.json). */
export const CATALOG_SCHEMA_ID = 'https://ftrack-roles.dev/schema/catalog.v1.json';

let compiled: ValidateFunction | undefined;

export function loadCatalogSchema(): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  return require('../../schema/catalog.v1.schema.json') as Record<string, unknown>;
}

export type CatalogReadResult = { catalog: Catalog } | { diagnostic: Diagnostic };

/** Reads a catalogue file (relative to cwd); a problem is one FR48x diagnostic at file:1:1. */
export async function readCatalogFile(file: string, cwd: string): Promise<CatalogReadResult> {
  let text: string;
  try {
    text = await readFile(isAbsolute(file) ? file : join(cwd, file), 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? 'read error';
    return problem(file, CATALOG_CODES.unreadable, `cannot read the catalogue (${why})`);
  }
  return parseCatalog(text, file);
}

/** Parses and checks the text of a catalogue file against its schema. */
export function parseCatalog(text: string, file: string): CatalogReadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return problem(file, CATALOG_CODES.unreadable, `not a catalogue file: ${why}`);
  }
  const version = (value as { format_version?: unknown } | null)?.format_version;
  if (version !== CATALOG_FORMAT_VERSION) {
    return problem(
      file,
      CATALOG_CODES.unsupportedVersion,
      `unsupported catalogue format_version ${JSON.stringify(version)} (this version reads ${CATALOG_FORMAT_VERSION})`,
    );
  }
  compiled ??= new (loadAjv().Ajv2020)({ allErrors: true }).compile(loadCatalogSchema());
  if (!compiled(value)) {
    const first = compiled.errors?.[0];
    const where = first ? `${first.instancePath || '/'} ${first.message ?? ''}`.trim() : '';
    return problem(file, CATALOG_CODES.invalid, `invalid catalogue file: ${where}`);
  }
  return { catalog: value as Catalog };
}

function problem(file: string, code: string, summary: string): CatalogReadResult {
  return {
    diagnostic: {
      severity: 'error',
      code,
      summary,
      hint: 'write it again with `ftrack-roles catalog pull --out FILE`',
      source: { file, line: 1, col: 1 },
    },
  };
}

/**
 * ajv's compiler, loaded on first use: only reading this file needs it, and loading it
 * costs every command that merely imports this module tens of milliseconds.
 */
function loadAjv(): typeof AjvModule {
  return createRequire(import.meta.url)('ajv/dist/2020.js') as typeof AjvModule;
}
