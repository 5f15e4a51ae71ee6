import type { Diagnostic } from '../diagnostics/index.js';
import { sortDiagnostics } from '../diagnostics/index.js';
import { loadDesiredState } from './load-desired.js';

export interface ValidateInput {
  paths: readonly string[];
  cwd: string;
  /** Today, for the expiry warnings and the grants that have ended. */
  now: Date;
  maxFileBytes?: number;
  /** `--catalog FILE`: also check the names against this catalogue, offline. */
  catalog?: string;
}

/**
 * `validate`: the config's diagnostics, offline (read, parse, schema, rules, expiry
 * warnings) and, with a catalogue, the plan-time name checks against it.
 */
export async function validateFiles(
  input: ValidateInput,
): Promise<{ diagnostics: Diagnostic[]; files: string[] }> {
  const loaded = await loadDesiredState(input.paths, {
    cwd: input.cwd,
    now: input.now,
    ...(input.maxFileBytes === undefined ? {} : { maxFileBytes: input.maxFileBytes }),
  });
  const diagnostics = [...loaded.diagnostics];
  if (input.catalog !== undefined) {
    // Loaded only with --catalog: the catalogue's reader compiles its schema with ajv.
    const { checkWithCatalog, readCatalogFile } = await import('../catalog/index.js');
    const read = await readCatalogFile(input.catalog, input.cwd);
    if ('diagnostic' in read) diagnostics.push(read.diagnostic);
    else if (loaded.desired !== undefined) {
      diagnostics.push(...checkWithCatalog(loaded.desired, read.catalog, input.now));
    }
  }
  return { diagnostics: sortDiagnostics(diagnostics), files: loaded.files };
}
