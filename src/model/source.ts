import { compareStrings } from './names.js';

/** A position in a desired-state file; `line` and `col` are 1-based. */
export interface SourceRef {
  file: string;
  line: number;
  col: number;
  /** Set when the grant reaches the user through a group of the config. */
  group?: string;
}

/** Formats a source reference as `file:line:col`. */
export function formatSourceRef(ref: SourceRef): string {
  return `${ref.file}:${ref.line}:${ref.col}`;
}

/** `file:line:col`, with ` (group NAME)` when the source is a group of the config. */
export function formatSource(ref: SourceRef): string {
  const at = formatSourceRef(ref);
  return ref.group === undefined ? at : `${at} (group ${ref.group})`;
}

/** Formatted, de-duplicated sources in their first-seen order. */
export function formatSources(refs: readonly SourceRef[]): string[] {
  return [...new Set(refs.map(formatSource))];
}

/** Source order: file, line, column, then group (none first). */
export function compareSources(a: SourceRef, b: SourceRef): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.col - b.col ||
    compareStrings(a.group ?? '', b.group ?? '')
  );
}

/** Sources in file order, without repeats. */
export function sortSources(sources: readonly SourceRef[]): SourceRef[] {
  const unique = new Map<string, SourceRef>();
  for (const s of sources) unique.set(`${s.file}:${s.line}:${s.col}:${s.group ?? ''}`, s);
  return [...unique.values()].sort(compareSources);
}
