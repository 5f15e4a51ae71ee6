/**
 * Domain types shared by every stage. This module imports nothing.
 *
 * Vocabulary: desired and current; assign, remove, modify; managed means within scope;
 * all open projects is `all_open` (on the wire: `is_all_open_projects`).
 */

export type UserName = string;
export type RoleName = string;
export type ProjectName = string;

/** A position in a desired-state file; `line` and `col` are 1-based. */
export interface SourceRef {
  file: string;
  line: number;
  col: number;
  /** Set when the grant reaches the user through a group of the config. */
  group?: string;
}

/** The reach of one (user, role) pair: all open projects and/or named projects. */
export interface Scope {
  all_open: boolean;
  /** Project names, sorted, without duplicates. */
  projects: ProjectName[];
}

export type SecurityRoleType = 'PROJECT' | 'ASSIGNED' | 'API';

/** Formats a source reference as `file:line:col`. */
export function formatSourceRef(ref: SourceRef): string {
  return `${ref.file}:${ref.line}:${ref.col}`;
}

/** Compares two strings by code unit, the one order used everywhere for stable output. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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

/** True when two scopes grant exactly the same access. */
export function scopesEqual(a: Scope | null, b: Scope | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.all_open !== b.all_open || a.projects.length !== b.projects.length) return false;
  return a.projects.every((p, i) => p === b.projects[i]);
}
export { runSteps, runStepsWithPauses, type Steps } from './steps.js';
