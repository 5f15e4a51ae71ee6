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

/** Replaces every occurrence of the key in a text. */
export function redactText(text: string, key: ApiKey | string): string {
  const value = typeof key === 'string' ? key : key.reveal();
  if (value.length === 0) return text;
  return text.split(value).join(REDACTED);
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
