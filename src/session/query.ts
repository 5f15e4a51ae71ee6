import { UsageError } from '../diagnostics/index.js';

/**
 * Query text that is safe to splice into an expression. Only this module makes it, from
 * checked identifiers, quoted values and id lists, so no caller can inject query syntax.
 */
export class QueryText {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** Values the `query` tag accepts; strings are always quoted. */
export type QueryValue = string | number | boolean | null | QueryText;

/** Thrown when a value cannot be written into a query safely. */
export class UnsafeQueryValueError extends UsageError {}

/** True when a string holds a C0 control character or DEL. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Double-quotes a string value, escaping `"` as `\"` (the one escape ftrack servers are known
 * to honour). Values holding a backslash or a control character are refused: how the server
 * reads them is unknown, so they are looked up by id or filtered locally instead.
 */
export function quote(value: string): string {
  if (value.includes('\\')) {
    throw new UnsafeQueryValueError(
      `Cannot use ${JSON.stringify(value)} in an ftrack query: backslashes cannot be quoted safely.`,
    );
  }
  if (hasControlCharacter(value)) {
    throw new UnsafeQueryValueError(
      `Cannot use ${JSON.stringify(value)} in an ftrack query: it holds a control character.`,
    );
  }
  return `"${value.replace(/"/g, '\\"')}"`;
}

const IDENT_PART = String.raw`[A-Za-z_][A-Za-z0-9_]*(?:\[[A-Za-z_][A-Za-z0-9_]*\])?`;
const IDENT = new RegExp(`^${IDENT_PART}(?:\\.${IDENT_PART})*$`);

/** An attribute path or entity type (`user_security_role.user_id`, `resource[Group]`). */
export function ident(path: string): QueryText {
  if (!IDENT.test(path)) throw new UnsafeQueryValueError(`"${path}" is not an attribute path.`);
  return new QueryText(path);
}

/** An ftrack id: opaque, but only letters, digits, `-` and `_` are expected. */
export function id(value: string): QueryText {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) {
    throw new UnsafeQueryValueError(`${JSON.stringify(value)} is not an ftrack id.`);
  }
  return new QueryText(`"${value}"`);
}

/** `("id1", "id2")` for `in (...)`; an empty list is refused (it has no safe spelling). */
export function idList(ids: readonly string[]): QueryText {
  if (ids.length === 0) throw new UnsafeQueryValueError('An id list for "in (...)" is empty.');
  return new QueryText(`(${ids.map((value) => id(value).text).join(', ')})`);
}

/** `path in ("id1", "id2")`. */
export function idIn(path: string, ids: readonly string[]): QueryText {
  return new QueryText(`${ident(path).text} in ${idList(ids).text}`);
}

/** One value written as a query literal. */
export function literal(value: QueryValue): string {
  if (value instanceof QueryText) return value.text;
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    const text = String(value);
    if (!/^-?\d+(\.\d+)?$/.test(text))
      throw new UnsafeQueryValueError(`${text} is not a plain number.`);
    return text;
  }
  if (typeof value === 'string') return quote(value);
  throw new UnsafeQueryValueError(`Unsupported query value: ${typeof value}.`);
}

/**
 * Tagged template that quotes every interpolated value:
 * query`select id from User where username is ${name}` → `... username is "ana"`.
 */
export function query(strings: TemplateStringsArray, ...values: readonly QueryValue[]): string {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += literal(value) + (strings[index + 1] ?? '');
  });
  return text;
}

/** Splits a list into chunks (for long `in (...)` lists). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
