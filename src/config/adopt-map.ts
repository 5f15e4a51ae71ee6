import { isMap, isScalar, isSeq, Scalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Scope } from '../model/index.js';
import { flowItem, flowScopeText, keyText, scopeData, type Lines } from './adopt-text.js';

/**
 * Text edits of one YAML mapping for `adopt` (adopt-edit.ts): entries taken out, values
 * replaced, entries added, each as a splice of the original text, so that every byte
 * outside the entries changed stays as it was (comments, blank lines, quoting, layout).
 * A block mapping is edited line by line; a flow mapping (`{ a: b }`) is written again
 * from the text of its entries. A layout this cannot edit without losing a comment is
 * refused (`Refused`), never guessed.
 */

/** Replace `text.slice(start, end)` by `text`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

export interface TextContext {
  lines: Lines;
  /** The file's line break. */
  eol: string;
}

/** Why a mapping cannot be edited safely. */
export class Refused extends Error {}

/** A new entry: its key, its value as flow text, or as block lines below the key. */
export interface NewEntry {
  key: string;
  flow: string;
  /** The value's lines under the key, given the key's indent and one indent step. */
  block?: (indent: string, step: string) => string[];
}

export interface MapEdit {
  remove: ReadonlySet<Pair>;
  /** Entries whose value becomes a scope, with its project items in their order. */
  modify: ReadonlyMap<Pair, { scope: Scope; order: string[] }>;
  add: readonly NewEntry[];
  /** The indent step of new block values (default two spaces). */
  step?: string;
}

/** The splices of one mapping's edit; `keyEnd`: the end of the key that holds it, or -1. */
export function editMap(ctx: TextContext, map: YAMLMap, keyEnd: number, edit: MapEdit): Splice[] {
  return map.flow === true ? editFlowMap(ctx, map, edit) : editBlockMap(ctx, map, keyEnd, edit);
}

function range(node: unknown): [number, number] {
  const r = (node as Node | null)?.range;
  if (r === undefined || r === null) throw new Refused('a node without a position');
  return [r[0], r[1]];
}

/** The project items of a scope's value as written: name → its text. */
export function itemTexts(text: string, value: unknown): Map<string, string> {
  const seq = isMap(value) ? value.get('projects', true) : value;
  const out = new Map<string, string>();
  if (!isSeq(seq)) return out;
  for (const item of seq.items) {
    if (!isScalar(item)) throw new Refused('a project list item that is not a name');
    const name = String(item.value);
    if (!out.has(name)) out.set(name, text.slice(...range(item)));
  }
  return out;
}

/**
 * The project items a scope's value will list: the items already written that it keeps,
 * in file order, then the others, in the order given.
 */
export function orderItems(written: Iterable<string>, projects: readonly string[]): string[] {
  const wanted = new Set(projects);
  const kept = [...written].filter((name) => wanted.has(name));
  const known = new Set(kept);
  return [...kept, ...projects.filter((name) => !known.has(name))];
}

/**
 * True when a node's text holds a comment: a `#` outside its scalars (a `#` can only
 * start a comment or be part of a scalar).
 */
function hasComment(text: string, node: Node): boolean {
  const [start, end] = range(node);
  let rest = '';
  let at = start;
  for (const scalar of scalarsOf(node).sort((a, b) => range(a)[0] - range(b)[0])) {
    const [s, e] = range(scalar);
    rest += text.slice(at, s);
    at = Math.max(at, e);
  }
  return (rest + text.slice(at, end)).includes('#');
}

function scalarsOf(node: unknown): Scalar[] {
  if (isScalar(node)) return [node];
  if (isMap(node)) return node.items.flatMap((p) => [...scalarsOf(p.key), ...scalarsOf(p.value)]);
  if (isSeq(node)) return node.items.flatMap(scalarsOf);
  return [];
}

function isFlow(node: unknown): boolean {
  if (isMap(node) || isSeq(node)) return node.flow === true;
  return isScalar(node) && node.type !== Scalar.BLOCK_FOLDED && node.type !== Scalar.BLOCK_LITERAL;
}

/** A scope value as flow text, keeping the text of the items written. */
function flowValue(text: string, old: unknown, scope: Scope, order: readonly string[]): string {
  const written = old === undefined ? new Map<string, string>() : itemTexts(text, old);
  const items = order.map((name) => written.get(name) ?? flowItem(name));
  const data = scopeData(scope);
  const at = old === undefined ? -1 : range(old)[0];
  const padded = at >= 0 && text[at + 1] === ' ';
  if (Array.isArray(data) && isSeq(old) && old.flow === true && padded) {
    return `[ ${items.join(', ')} ]`;
  }
  return flowScopeText(scope, items, !(isMap(old) && old.flow === true) || padded);
}

/** The splices that give one entry's value a new scope. */
function valueSplices(ctx: TextContext, pair: Pair, scope: Scope, order: string[]): Splice[] {
  const { text } = ctx.lines;
  const old = pair.value;
  if (isSeq(old) && old.flow !== true && Array.isArray(scopeData(scope))) {
    return [blockSeqSplice(ctx, old.items, order)];
  }
  if (isFlow(old)) {
    if (hasComment(text, old as Node)) throw new Refused('a comment inside the value');
    const [start, end] = range(old);
    return [{ start, end, text: flowValue(text, old, scope, order) }];
  }
  return [
    blockValueSplice(ctx, range(pair.key)[1], range(old)[1], flowValue(text, old, scope, order)),
  ];
}

/**
 * A block sequence's items, line by line: the lines of each item kept (with the comment
 * lines above it), a line `- name` for each new one, in `order`.
 */
function blockSeqSplice(ctx: TextContext, items: readonly unknown[], order: string[]): Splice {
  const { lines, eol } = ctx;
  const text = lines.text;
  const first = items[0];
  if (first === undefined) throw new Refused('an empty list');
  const prefix = lines.prefix(range(first)[0]);
  if (!/^[ \t]*-[ \t]+$/.test(prefix)) throw new Refused('an unusual list layout');
  const spans = new Map<string, string>();
  let line = lines.lineOf(range(first)[0]);
  for (const item of items) {
    if (!isScalar(item)) throw new Refused('a project list item that is not a name');
    const last = lines.lineOf(range(item)[1] - 1);
    const span = text.slice(lines.start(line), lines.end(last));
    const name = String(item.value);
    if (!spans.has(name)) spans.set(name, span.endsWith('\n') ? span : span + eol);
    line = last + 1;
  }
  const start = lines.start(lines.lineOf(range(first)[0]));
  const end = lines.end(line - 1);
  let out = order.map((name) => spans.get(name) ?? `${prefix}${flowItem(name)}${eol}`).join('');
  if (!text.slice(start, end).endsWith('\n')) out = out.slice(0, -eol.length);
  return { start, end, text: out };
}

/**
 * A block value (under `key:`, on the lines below) replaced by flow text on the key's
 * line, keeping a comment written after `key:`.
 */
function blockValueSplice(
  ctx: TextContext,
  keyEnd: number,
  valueEnd: number,
  flow: string,
): Splice {
  const segment = ctx.lines.text.slice(keyEnd, valueEnd);
  const colon = /^[ \t]*:[ \t]*(#[^\r\n]*)?/.exec(segment);
  if (colon === null) throw new Refused('an explicit key (`? key`)');
  const comment = colon[1] === undefined ? '' : ` ${colon[1]}`;
  const end = segment.endsWith('\n') ? ctx.eol : '';
  return { start: keyEnd, end: valueEnd, text: `: ${flow}${comment}${end}` };
}

function editFlowMap(ctx: TextContext, map: YAMLMap, edit: MapEdit): Splice[] {
  const { text } = ctx.lines;
  if (hasComment(text, map)) throw new Refused('a comment inside the braces');
  const pieces: string[] = [];
  for (const pair of map.items) {
    if (edit.remove.has(pair)) continue;
    const [keyStart] = range(pair.key);
    const change = edit.modify.get(pair);
    if (change === undefined) pieces.push(text.slice(keyStart, range(pair.value)[1]));
    else {
      const head = text.slice(keyStart, range(pair.value)[0]);
      pieces.push(head + flowValue(text, pair.value, change.scope, change.order));
    }
  }
  for (const entry of edit.add) pieces.push(`${keyText(entry.key)}: ${entry.flow}`);
  const [start, end] = range(map);
  const padded = map.items.length === 0 || text[start + 1] === ' ';
  const body = pieces.join(', ');
  const written = pieces.length === 0 ? '{}' : padded ? `{ ${body} }` : `{${body}}`;
  return [{ start, end, text: written }];
}

function editBlockMap(ctx: TextContext, map: YAMLMap, keyEnd: number, edit: MapEdit): Splice[] {
  const { lines } = ctx;
  const pairs = map.items;
  const endLine = (pair: Pair) => lines.lineOf(range(pair.value ?? pair.key)[1] - 1);
  const remaining = pairs.filter((p) => !edit.remove.has(p));
  if (remaining.length === 0 && edit.add.length === 0) {
    if (keyEnd < 0) throw new Refused('every entry of the file taken out');
    return [blockValueSplice(ctx, keyEnd, range(map)[1], '{}')];
  }
  const splices: Splice[] = [];
  pairs.forEach((pair, index) => {
    const change = edit.modify.get(pair);
    if (change !== undefined) splices.push(...valueSplices(ctx, pair, change.scope, change.order));
    if (!edit.remove.has(pair)) return;
    // The entry's lines, with the comment lines above it (they are about it).
    const previous = pairs[index - 1];
    const first = previous === undefined ? lines.lineOf(keyEnd) + 1 : endLine(previous) + 1;
    if (keyEnd < 0 && previous === undefined) throw new Refused('the first entry of a file');
    splices.push({ start: lines.start(first), end: lines.end(endLine(pair)), text: '' });
  });
  if (edit.add.length > 0) splices.push(addSplice(ctx, pairs, endLine, edit));
  return splices;
}

/** New entries on the lines after the last entry, indented as the first one. */
function addSplice(
  ctx: TextContext,
  pairs: readonly Pair[],
  endLine: (pair: Pair) => number,
  edit: MapEdit,
): Splice {
  const { lines, eol } = ctx;
  const firstKey = pairs[0]?.key;
  const indent = firstKey === undefined ? '' : lines.prefix(range(firstKey)[0]);
  if (!/^[ \t]*$/.test(indent)) throw new Refused('an entry that does not start its line');
  const step = edit.step ?? '  ';
  const last = pairs[pairs.length - 1];
  const at = last === undefined ? lines.text.length : lines.end(endLine(last));
  const out: string[] = [];
  for (const entry of edit.add) {
    const key = keyText(entry.key);
    if (entry.block === undefined) out.push(`${indent}${key}: ${entry.flow}`);
    else out.push(`${indent}${key}:`, ...entry.block(indent, step));
  }
  const lead = at > 0 && !lines.text.slice(0, at).endsWith('\n') ? eol : '';
  return { start: at, end: at, text: lead + out.map((line) => line + eol).join('') };
}
