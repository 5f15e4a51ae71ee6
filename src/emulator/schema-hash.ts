import { createHash } from 'node:crypto';

/**
 * Serialises a JSON value exactly as Python's `json.dumps(value, sort_keys=True)` does:
 * separators `, ` and `: `, keys sorted, `ensure_ascii=True` (non-ASCII as `\uXXXX`).
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort(compareCodePoints);
    return `{${keys.map((k) => `${pythonString(k)}: ${pythonJsonDumps(record[k])}`).join(', ')}}`;
  }
  throw new TypeError(`cannot serialise a ${typeof value}`);
}

function pythonNumber(value: number): string {
  if (Number.isInteger(value)) return value.toFixed(0);
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

function pythonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Python sorts str keys by code point. */
function compareCodePoints(a: string, b: string): number {
  const ca = [...a].map((c) => c.codePointAt(0)!);
  const cb = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    if (ca[i] !== cb[i]) return ca[i]! - cb[i]!;
  }
  return ca.length - cb.length;
}

/** `schema_hash` of `query_server_information`: MD5 of the Python serialisation. */
export function computeSchemaHash(schemas: unknown): string {
  return createHash('md5').update(pythonJsonDumps(schemas), 'utf8').digest('hex');
}
