import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertPageable,
  chunk,
  id,
  idIn,
  ident,
  literal,
  query,
  quote,
  UnsafeQueryValueError,
} from '../../../src/session/index.js';

/** Reads back a double-quoted literal the way the protocol notes describe (\" → "). */
function unquote(text: string): string {
  expect(text.startsWith('"') && text.endsWith('"')).toBe(true);
  return text.slice(1, -1).replace(/\\(.)/g, '$1');
}

describe('quote', () => {
  it.each([
    ['ana', '"ana"'],
    ['The "Thing"', '"The \\"Thing\\""'],
    ["o'hara", '"o\'hara"'],
    ['100%', '"100%"'],
    ['Zoë 日本', '"Zoë 日本"'],
    ['', '""'],
  ])('quotes %j as %s', (value, expected) => {
    expect(quote(value)).toBe(expected);
  });

  it('refuses backslashes and control characters', () => {
    expect(() => quote('a\\b')).toThrow(UnsafeQueryValueError);
    expect(() => quote('a\\b')).toThrow(/backslash/);
    expect(() => quote('a\nb')).toThrow(/control character/);
    expect(() => quote('a\u0000b')).toThrow(UnsafeQueryValueError);
    expect(() => quote('a\u007fb')).toThrow(UnsafeQueryValueError);
  });

  it('round-trips every safe string and never lets a quote end the literal early', () => {
    const safe = fc
      .string({ unit: 'grapheme' })
      .filter((s) => ![...s].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c === '\u007f'));
    fc.assert(
      fc.property(safe, (value) => {
        const quoted = quote(value);
        expect(unquote(quoted)).toBe(value);
        // every " inside the literal is escaped
        expect(/(^|[^\\])"/.test(quoted.slice(1, -1))).toBe(false);
      }),
    );
  });
});

describe('query tag and helpers', () => {
  it('quotes every interpolated value', () => {
    const name = 'x" or username like "%';
    expect(query`select id from User where username is ${name}`).toBe(
      'select id from User where username is "x\\" or username like \\"%"',
    );
    expect(query`a ${1} ${true} ${false} ${null} ${ident('user.id')}`).toBe(
      'a 1 true false none user.id',
    );
  });

  it('checks ids, paths and numbers', () => {
    expect(id('0b1e-AF_9').text).toBe('"0b1e-AF_9"');
    expect(() => id('a" or 1')).toThrow(UnsafeQueryValueError);
    expect(() => ident('name is "x"')).toThrow(UnsafeQueryValueError);
    expect(ident('resource[Group].memberships').text).toBe('resource[Group].memberships');
    expect(() => literal(Number.NaN)).toThrow(UnsafeQueryValueError);
    expect(() => literal(1e21)).toThrow(UnsafeQueryValueError);
    expect(literal(-2.5)).toBe('-2.5');
  });

  it('builds in-lists over ids and refuses empty ones', () => {
    expect(idIn('user_id', ['a', 'b']).text).toBe('user_id in ("a", "b")');
    expect(() => idIn('user_id', [])).toThrow(/empty/);
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('assertPageable', () => {
  it('accepts a select without paging, even with paging words inside values', () => {
    expect(() => assertPageable('select id from User')).not.toThrow();
    expect(() =>
      assertPageable(query`select id from User where username is ${'limit 5 order by x'}`),
    ).not.toThrow();
  });

  it.each([
    'select id from User limit 5',
    'select id from User order by name',
    'User where id is "x"',
  ])('refuses %s', (expression) => {
    expect(() => assertPageable(expression)).toThrow();
  });
});
