import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/index.js';
import type { ValidatedDocument } from '../model/document.js';
import { computeConfigDigest } from './digest.js';
import type { ConfigFileText } from './read.js';
import { checkConfigRules } from './rules/index.js';
import { validateConfig } from './validate.js';
import { parseConfigText } from './yaml/index.js';

/** The outcome of checking a config: its documents when valid, and every problem. */
export interface CheckedConfig {
  /** The validated documents, in the order their files were added; undefined on any error. */
  documents: ValidatedDocument[] | undefined;
  /**
   * The documents that passed the schema, also when a diagnostic is an error: for the
   * checks that report everything at once (`validate --catalog`'s name checks).
   */
  schemaValid: ValidatedDocument[];
  /** Every problem found (warnings included), sorted by file, line and column. */
  diagnostics: Diagnostic[];
}

/**
 * Checks a config file by file: each file is parsed and validated against the schema when
 * added (its text can be let go then), the rules run over all documents at the end. The
 * documents are handed out only when nothing is an error.
 */
export class ConfigCheck {
  readonly #diagnostics: Diagnostic[] = [];
  readonly #documents: ValidatedDocument[] = [];

  /** Problems found outside the files' contents (a path that does not exist, a file too large). */
  report(diagnostics: readonly Diagnostic[]): void {
    this.#diagnostics.push(...diagnostics);
  }

  /** Parses one file (the reader is chosen in yaml/index.ts) and checks it against the schema. */
  add(file: ConfigFileText): void {
    const parsed = parseConfigText(file);
    this.#diagnostics.push(...parsed.diagnostics);
    if (parsed.document === undefined) return;
    const validated = validateConfig(parsed.document);
    this.#diagnostics.push(...validated.diagnostics);
    if (validated.document !== undefined) this.#documents.push(validated.document);
  }

  /** Runs the rules over every document added. */
  finish(): CheckedConfig {
    this.#diagnostics.push(...checkConfigRules(this.#documents));
    const diagnostics = sortDiagnostics(this.#diagnostics);
    const documents = hasErrors(diagnostics) ? undefined : this.#documents;
    return { documents, schemaValid: this.#documents, diagnostics };
  }
}

/** File texts → validated documents and diagnostics, with the config digest (pure). */
export function checkConfigTexts(
  files: readonly ConfigFileText[],
): CheckedConfig & { configDigest: string } {
  const check = new ConfigCheck();
  for (const file of files) check.add(file);
  return { ...check.finish(), configDigest: computeConfigDigest(files) };
}
