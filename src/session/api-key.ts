import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * An ftrack API key that never prints itself: `String(key)`, `JSON.stringify(key)` and
 * `util.inspect(key)` all give `[redacted]`. Only `reveal()` gives the value, and only the
 * session calls it, to build the request headers.
 */
export class ApiKey {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/** Keys shorter than this are redacted as whole words only (see redactText). */
const SHORT_KEY = 8;

/**
 * Replaces the key's occurrences in a text. A real key (a UUID) is replaced wherever it
 * appears, glued to other text or not. A key shorter than 8 characters (a test key such as
 * `x`) is replaced only as a whole word, not inside longer runs of the characters keys are
 * made of (letters, digits, `-`, `_`), so that it does not mangle every word containing it.
 */
export function redactText(text: string, key: ApiKey | string): string {
  const value = typeof key === 'string' ? key : key.reveal();
  if (value.length === 0 || !text.includes(value)) return text;
  if (value.length >= SHORT_KEY) return text.split(value).join(REDACTED);
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![A-Za-z0-9_-])${escaped}(?![A-Za-z0-9_-])`, 'g'), REDACTED);
}

/**
 * A copy of an error and its `cause` chain with the key removed from every message and
 * stack. The copies keep the class (prototype), `name`, `code` and the typed-error fields.
 */
export function redactError<T>(error: T, key: ApiKey | string, depth = 0): T {
  if (!(error instanceof Error) || depth > 8) return error;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  for (const field of Object.keys(error)) {
    const value = (error as unknown as Record<string, unknown>)[field];
    (copy as unknown as Record<string, unknown>)[field] =
      typeof value === 'string' ? redactText(value, key) : value;
  }
  Object.defineProperty(copy, 'message', {
    value: redactText(error.message, key),
    writable: true,
    configurable: true,
  });
  Object.defineProperty(copy, 'name', { value: error.name, writable: true, configurable: true });
  if (error.stack !== undefined) {
    Object.defineProperty(copy, 'stack', {
      value: redactText(error.stack, key),
      writable: true,
      configurable: true,
    });
  }
  if ('cause' in error) {
    Object.defineProperty(copy, 'cause', {
      value: redactError(error.cause, key, depth + 1),
      writable: true,
      configurable: true,
    });
  }
  if (error instanceof AggregateError) {
    Object.defineProperty(copy, 'errors', {
      value: error.errors.map((e: unknown) => redactError(e, key, depth + 1)),
      writable: true,
      configurable: true,
    });
  }
  return copy as T;
}
