import { isScalar, Schema } from 'yaml';

/** Scalars and token boundaries of the fast path (fast-parse.ts), as the `yaml` path reads them. */

/**
 * Whether a plain scalar may resolve to something else than a string: every core tag but
 * the string one needs one of `-+.0-9~` first, or is a null or boolean word (4 or 5
 * letters starting with n, t or f).
 */
function maybeNotString(source: string): boolean {
  const c = source.charCodeAt(0);
  if (Number.isNaN(c)) return true;
  if (c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46) {
    return source.length === 4 || source.length === 5;
  }
  return c === 0x2d || c === 0x2b || c === 0x2e || c === 0x7e || (c >= 0x30 && c <= 0x39);
}

/** yaml's own core schema: plain scalars resolve exactly as in the `yaml` path. */
const CORE_TAGS = new Schema({ schema: 'core', resolveKnownTags: false }).tags;

/** The value of a plain scalar as yaml's core schema resolves it; undefined for nulls. */
export function resolvePlain(source: string): unknown {
  if (!maybeNotString(source)) return source;
  const tag = CORE_TAGS.find((t) => t.default === true && t.test?.test(source));
  if (tag === undefined) return source;
  const resolved: unknown = (
    tag as { resolve: (s: string, e: (m: string) => void, o: object) => unknown }
  ).resolve(source, () => undefined, { intAsBigInt: false });
  // Some tags (booleans) resolve to a Scalar node, as in yaml's composer.
  const value: unknown = isScalar(resolved) ? resolved.value : resolved;
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? value : undefined;
}

export function isFlowStart(text: string, start: number | undefined): boolean {
  if (start === undefined) return false;
  const c = text[start];
  return c === '[' || c === '{';
}

/** After a quoted scalar or flow collection: white space, an indicator or the end. */
export function endsToken(text: string, end: number): boolean {
  const c = text[end];
  return (
    c === undefined || c === ' ' || c === '\n' || c === ':' || c === ',' || c === ']' || c === '}'
  );
}

/** The offset of the last character before `offset` that is not a space or line break. */
export function contentEndBefore(text: string, offset: number): number {
  let i = offset - 1;
  while (i > 0 && (text[i] === ' ' || text[i] === '\n')) i -= 1;
  return Math.max(0, i);
}

/** Skips spaces, line breaks and comments from `offset` to the next content character. */
export function skipSpace(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    const c = text[i];
    if (c === ' ' || c === '\n') i += 1;
    else if (c === '#') {
      const end = text.indexOf('\n', i);
      if (end < 0) return text.length;
      i = end + 1;
    } else return i;
  }
}
