import type { Diagnostic } from '../../../src/diagnostics/index.js';
import { parseConfigFile } from '../../../src/config/yaml/parse.js';
import type { ConfigFileText } from '../../../src/config/read.js';
import type { ValidatedDocument } from '../../../src/model/document.js';
import { validateConfig } from '../../../src/config/validate.js';

/** In-memory config files: path → YAML text. */
export type Files = Record<string, string>;

export function fileTexts(files: Files): ConfigFileText[] {
  return Object.entries(files).map(([path, text]) => ({
    path,
    text,
    bytes: new TextEncoder().encode(text),
  }));
}

/** Parses and schema-validates files that must be valid; throws otherwise. */
export function documentsOf(files: Files): ValidatedDocument[] {
  return fileTexts(files).map((file) => {
    const parsed = parseConfigFile(file);
    if (parsed.document === undefined) throw new Error(JSON.stringify(parsed.diagnostics));
    const validated = validateConfig(parsed.document);
    if (validated.document === undefined) throw new Error(JSON.stringify(validated.diagnostics));
    return validated.document;
  });
}

/** `file:line:col severity code` lines, the compact form most assertions use. */
export function brief(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map(
    (d) =>
      `${d.source ? `${d.source.file}:${d.source.line}:${d.source.col}` : '-'} ${d.severity} ${d.code}`,
  );
}

/** Builds YAML text from lines (keeps tests readable without template indentation). */
export const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
