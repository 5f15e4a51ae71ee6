import type { NodePath } from '../model/document.js';

/** A path as the user reads it: `users.ana.roles."Project Manager"[0]`. */
export function describePath(path: NodePath): string {
  if (path.length === 0) return 'the top level of the file';
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `${text === '' ? '' : '.'}${JSON.stringify(segment)}`;
  }
  return text;
}

/** Splits an ajv instancePath (a JSON pointer) into segments; indexes stay strings. */
export function pointerToPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Turns numeric segments under lists into numbers, using the data to tell lists apart. */
export function typedPath(segments: readonly string[], data: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  let node = data;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      const index = Number(segment);
      path.push(index);
      node = node[index] as unknown;
    } else {
      path.push(segment);
      node =
        node !== null && typeof node === 'object' && Object.hasOwn(node, segment)
          ? (node as Record<string, unknown>)[segment]
          : undefined;
    }
  }
  return path;
}

/** Text quoted from a config is cut to this many characters: a diagnostic stays one line. */
export const MAX_QUOTED = 40;

/** A value of the config as a message quotes it: at most MAX_QUOTED characters, then `…`. */
export function quoteShort(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > MAX_QUOTED ? `${line.slice(0, MAX_QUOTED)}…` : line;
}

/** What kind of YAML value this is, in the words of the messages. */
export function describeValueType(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text '${quoteShort(value)}'`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return typeof value;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

export function describeExpectedType(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(' or ');
}
