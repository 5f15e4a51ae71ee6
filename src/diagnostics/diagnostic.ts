import { compareStrings, type SourceRef } from '../model/index.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * Everything a user can fix is a Diagnostic: a stable code (e.g. `FR104`), a one-line
 * summary, an optional detail and fix hint, and the position it is about.
 */
export interface Diagnostic {
  severity: Severity;
  code: string;
  summary: string;
  detail?: string;
  hint?: string;
  source?: SourceRef;
}

/** What `validate` reports, and every view of diagnostics renders: the problems and the files checked. */
export interface DiagnosticsReport {
  diagnostics: readonly Diagnostic[];
  /** The config files that were checked (for the summary and the JSON output). */
  files: readonly string[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorts diagnostics by file, line, column, then code: the order every output uses. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareStrings(a.source?.file ?? '', b.source?.file ?? '') ||
      (a.source?.line ?? 0) - (b.source?.line ?? 0) ||
      (a.source?.col ?? 0) - (b.source?.col ?? 0) ||
      compareStrings(a.code, b.code) ||
      compareStrings(a.summary, b.summary),
  );
}
