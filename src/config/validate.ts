import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { pointerToPath, typedPath } from './describe-path.js';
import { schemaErrors } from './schema.js';
import { messageFor, type SchemaProblem } from './schema-messages.js';
import type { ConfigFileV1, ParsedDocument, ValidatedDocument } from '../model/document.js';

/**
 * Checks one parsed document against the JSON Schema. Every ajv error becomes a
 * diagnostic at the file:line:col of the offending YAML node, with a friendly message.
 */
export function validateConfig(document: ParsedDocument): {
  document?: ValidatedDocument;
  diagnostics: Diagnostic[];
} {
  const errors = schemaErrors(document.data);
  if (errors.length === 0) {
    return { document: { ...document, data: document.data as ConfigFileV1 }, diagnostics: [] };
  }
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (isNoise(error)) continue;
    const problem: SchemaProblem = {
      error,
      path: typedPath(pointerToPath(error.instancePath), document.data),
      data: error.data,
      root: document.data,
    };
    const message = messageFor(problem);
    const source = document.locate(message.path ?? problem.path, message.part ?? 'value');
    const key = `${message.code}:${source.line}:${source.col}:${message.summary}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push({
      severity: 'error',
      code: message.code,
      summary: message.summary,
      ...(message.hint === undefined ? {} : { hint: message.hint }),
      source,
    });
  }
  return { diagnostics };
}

/** Errors that only repeat another one: if/then wrappers, oneOf branches, propertyNames internals. */
function isNoise(error: ErrorObject): boolean {
  if (error.keyword === 'if') return true;
  if (error.schemaPath.includes('/oneOf/')) return true;
  return error.propertyName !== undefined && error.keyword !== 'propertyNames';
}
