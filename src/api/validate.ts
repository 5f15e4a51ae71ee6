import { validateFiles } from '../pipeline/validate.js';
import type { DiagnosticsReport } from '../diagnostics/index.js';
import { diagnosticsJson, type DiagnosticsJson } from '../render/index.js';
import { configOf } from './open.js';
import type { ConfigOptions } from './options.js';

/**
 * `validate`: the config's diagnostics, offline. Returns the model `validate --format json`
 * prints (docs/format.md); an invalid config is a result (`valid: false`), not an error.
 */
export async function validate(options: ValidateOptions = {}): Promise<DiagnosticsJson> {
  return diagnosticsJson(await validateReport(options));
}

export interface ValidateOptions extends ConfigOptions {
  /** A catalogue file (`catalog pull`): also check the names against it, offline. */
  catalog?: string;
}

/** `validate` with the diagnostics as objects (their sources), for the CLI's text views. */
export async function validateReport(options: ValidateOptions): Promise<DiagnosticsReport> {
  const { paths, cwd, now, maxFileBytes } = configOf(options);
  return validateFiles({
    paths,
    cwd,
    now: now(),
    ...(maxFileBytes === undefined ? {} : { maxFileBytes }),
    ...(options.catalog === undefined ? {} : { catalog: options.catalog }),
  });
}
