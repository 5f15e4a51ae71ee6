import { Document, isSeq } from 'yaml';
import type { Scope } from '../model/index.js';

/**
 * The YAML text `adopt` writes into a config file: names quoted exactly as the `yaml`
 * library quotes them (plain when they read back as the same string), scopes in the
 * format's syntax. (render/yaml-text.ts writes names for `export` the same way; the
 * config stage may not import the render stage.)
 */

const OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

/** The data a scope is written as: `all-open`, a project list, or the object form. */
export function scopeData(scope: Scope): string | string[] | Scope {
  if (scope.all_open && scope.projects.length === 0) return 'all-open';
  if (!scope.all_open && scope.projects.length > 0) return [...scope.projects];
  return { all_open: scope.all_open, projects: [...scope.projects] };
}

/** A name as an item of a flow sequence (`[a, b]`), also valid as a block item. */
export function flowItem(name: string): string {
  const doc = new Document([name]);
  if (isSeq(doc.contents)) doc.contents.flow = true;
  const written = doc.toString(OPTIONS);
  return written.startsWith('[') && written.endsWith(']\n')
    ? written.slice(1, -2)
    : JSON.stringify(name);
}

/** A name as an implicit mapping key (followed by `: value`). */
export function keyText(name: string): string {
  const written = new Document({ [name]: 0 }).toString(OPTIONS);
  return written.endsWith(': 0\n') && !written.startsWith('? ')
    ? written.slice(0, -4)
    : JSON.stringify(name);
}

/**
 * A scope as flow text, its project items given as text (`items`, kept from the file or
 * written by flowItem): `all-open`, `[a, b]`, or `{ all_open: true, projects: [a] }`.
 */
export function flowScopeText(scope: Scope, items: readonly string[], padded = true): string {
  const data = scopeData(scope);
  const list = `[${items.join(', ')}]`;
  if (typeof data === 'string') return data;
  if (Array.isArray(data)) return list;
  const [open, close] = padded ? ['{ ', ' }'] : ['{', '}'];
  return `${open}all_open: ${scope.all_open}, projects: ${list}${close}`;
}

/** The line break a text uses (CRLF when its first line break is one). */
export function lineBreakOf(text: string): string {
  const first = text.indexOf('\n');
  return first > 0 && text[first - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * Line positions of a text: the line of an offset, and where each line starts and ends
 * (its end is after its line break, or the end of the text).
 */
export class Lines {
  readonly #starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      this.#starts.push(i + 1);
    }
  }

  /** The 0-based line of an offset. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.#starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  start(line: number): number {
    return this.#starts[line] ?? this.text.length;
  }

  /** The offset after the line's break (the next line's start), or the end of the text. */
  end(line: number): number {
    return this.#starts[line + 1] ?? this.text.length;
  }

  /** The text before `offset` on its line (the indentation of a key at `offset`). */
  prefix(offset: number): string {
    return this.text.slice(this.start(this.lineOf(offset)), offset);
  }
}
