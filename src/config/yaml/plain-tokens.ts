import type { PositionStore } from './fast-locate.js';
import { resolvePlain } from './fast-scalars.js';
import { StoreRecorder } from './store-recorder.js';

/**
 * The tokens of the plain-YAML scanner (plain-scanner.ts): one-line plain and quoted
 * scalars and flow collections, read on the line [lineStart, lineEnd) of the text, their
 * positions recorded as the js-yaml reader records them (store-recorder.ts). Whatever it
 * is unsure of, it declines (undefined), and the file is left to the js-yaml reader.
 */

/** Flow collections nested deeper than this are declined (see MAX_RUN in plain-scanner.ts). */
const MAX_FLOW_DEPTH = 16;
/** yaml rejects implicit keys longer than 1024 characters; js-yaml reads them. */
const MAX_KEY_LENGTH = 1000;

export const LF = 10;
export const SPACE = 32;
const DQUOTE = 34;
export const HASH = 35;
const SQUOTE = 39;
const COMMA = 44;
export const DASH = 45;
const DOT = 46;
const COLON = 58;
export const LBRACKET = 91;
const RBRACKET = 93;
export const LBRACE = 123;
const RBRACE = 125;

/** Characters a plain scalar may not start with (`-` and `.` are checked on their own). */
const INDICATORS = new Set([...'?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
const OPENING_BRACKET = /[[{]/;

export class PlainTokens {
  protected text = '';
  /** The positions of the collections read. */
  protected readonly record = new StoreRecorder();
  /** The line being read: its start and its end (its line feed, or the end of the text). */
  protected lineStart = 0;
  protected lineEnd = 0;
  /** Where the token just read ends. */
  protected end = 0;
  private depth = 0;
  /** One string per distinct plain value: project and role names repeat thousands of times. */
  private readonly strings = new Map<string, string>();

  /**
   * Starts on a text. One scanner reads file after file: a new one per file would make V8
   * drop its optimized code when the class's instances change shape (after a few files).
   */
  protected begin(text: string, store: PositionStore): void {
    this.text = text;
    this.record.begin(store);
    this.lineStart = this.lineEnd = this.end = this.depth = 0;
  }

  /** Lets go of the text, the store and the values read. */
  protected done(): void {
    this.text = '';
    this.record.done();
    this.strings.clear();
  }

  /** True at the end of the line or on a space. */
  protected blankAt(offset: number): boolean {
    return offset >= this.lineEnd || this.text.charCodeAt(offset) === SPACE;
  }

  protected skipSpaces(offset: number): number {
    const { text } = this;
    let at = offset;
    while (text.charCodeAt(at) === SPACE) at += 1;
    return at;
  }

  /** A key (`this.end` at the colon that must follow it): quoted, or plain and a string. */
  protected key(at: number, inFlow: boolean): string | undefined {
    const c = this.text.charCodeAt(at);
    const key = c === SQUOTE || c === DQUOTE ? this.quoted(at) : this.plain(at, inFlow, true);
    if (typeof key !== 'string' || this.text.charCodeAt(this.end) !== COLON) return undefined;
    return key.length > 0 && key.length <= MAX_KEY_LENGTH && key !== '__proto__' && key !== '<<'
      ? key
      : undefined;
  }

  /** A value on one line: a flow collection, a quoted or a plain scalar. */
  protected value(at: number, inFlow: boolean): unknown {
    const c = this.text.charCodeAt(at);
    if (c === LBRACKET || c === LBRACE) return this.flowCollection(at);
    if (c === SQUOTE || c === DQUOTE) return this.quoted(at);
    return this.plain(at, inFlow, false);
  }

  /**
   * A plain scalar (`this.end` after its last character). In flow, it ends at `,`, `]`,
   * `}` (and at `:` for a key); in block, at the line's end, a comment or (a key) `: `.
   * Brackets, a `:` in a flow value or before a space in a block value, and values that
   * are null (or keys that are no strings) are declined.
   */
  private plain(at: number, inFlow: boolean, key: boolean): unknown {
    const { text, lineEnd } = this;
    if (!this.plainStart(at)) return undefined;
    let end = at;
    let i = at;
    for (; i < lineEnd; i += 1) {
      const c = text.charCodeAt(i);
      if (c === SPACE) {
        if (text.charCodeAt(i + 1) === HASH) break;
        continue;
      }
      if (c === COLON) {
        const blank = i + 1 >= lineEnd || text.charCodeAt(i + 1) === SPACE;
        if (key && blank) break;
        if (inFlow || key || blank) return undefined;
      } else if (c === COMMA || c === RBRACKET || c === RBRACE) {
        if (inFlow) break;
        if (c !== COMMA || key) return undefined;
      } else if (c === LBRACKET || c === LBRACE) return undefined;
      end = i + 1;
    }
    if (inFlow && i >= lineEnd) return undefined;
    this.end = end;
    const raw = text.slice(at, end);
    const value = resolvePlain(raw);
    // Keys are not shared here: V8 keeps one copy of each property name.
    if (key || typeof value !== 'string') return key && value !== raw ? undefined : value;
    const known = this.strings.get(raw);
    if (known !== undefined) return known;
    this.strings.set(raw, raw);
    return raw;
  }

  /**
   * A plain scalar may start here: not on an indicator; `-` only before a digit, a dot or a
   * letter (no document marker, no entry); no `...` (a document end).
   */
  private plainStart(at: number): boolean {
    const c = this.text.charCodeAt(at);
    if (at >= this.lineEnd || c === SPACE || INDICATORS.has(c)) return false;
    if (c === DOT) return !this.text.startsWith('..', at + 1);
    if (c !== DASH) return true;
    const next = this.text.charCodeAt(at + 1);
    const lower = next | 0x20;
    return next === DOT || (next >= 0x30 && next <= 0x39) || (lower >= 0x61 && lower <= 0x7a);
  }

  /**
   * A one-line quoted scalar without escapes but `''` and without an opening bracket
   * (`this.end` after its closing quote).
   */
  private quoted(at: number): string | undefined {
    const { text } = this;
    if (text.charCodeAt(at) === DQUOTE) {
      const close = text.indexOf('"', at + 1);
      if (close < 0 || close >= this.lineEnd) return undefined;
      const raw = text.slice(at + 1, close);
      if (raw.includes('\\') || OPENING_BRACKET.test(raw)) return undefined;
      this.end = close + 1;
      return raw;
    }
    let from = at + 1;
    let doubled = false;
    for (;;) {
      const close = text.indexOf("'", from);
      if (close < 0 || close >= this.lineEnd) return undefined;
      if (text.charCodeAt(close + 1) !== SQUOTE) {
        const raw = text.slice(at + 1, close);
        if (OPENING_BRACKET.test(raw)) return undefined;
        this.end = close + 1;
        return doubled ? raw.replaceAll("''", "'") : raw;
      }
      doubled = true;
      from = close + 2;
    }
  }

  private flowCollection(at: number): object | undefined {
    if (++this.depth > MAX_FLOW_DEPTH) return undefined;
    const isList = this.text.charCodeAt(at) === LBRACKET;
    const value = isList ? this.flowSequence(at) : this.flowMapping(at);
    this.depth -= 1;
    return value;
  }

  /** After an entry of a flow collection: `,` and the next entry (-1: the closing bracket). */
  private flowNext(close: number): number | undefined {
    const at = this.skipSpaces(this.end);
    const c = this.text.charCodeAt(at);
    if (c === close) {
      this.end = at + 1;
      return -1;
    }
    // After a comma, an entry: a closing bracket there (`[a, ]`) is no entry and is declined.
    return c === COMMA ? this.skipSpaces(at + 1) : undefined;
  }

  private flowSequence(open: number): object | undefined {
    const mark = this.record.mark();
    let at = this.skipSpaces(open + 1);
    if (this.text.charCodeAt(at) === RBRACKET) this.end = at + 1;
    else {
      for (;;) {
        const value = this.value(at, true);
        if (value === undefined) return undefined;
        this.record.pushItem(at, value);
        const next = this.flowNext(RBRACKET);
        if (next === undefined) return undefined;
        if (next < 0) break;
        at = next;
      }
    }
    return this.record.closeSequence(mark);
  }

  private flowMapping(open: number): object | undefined {
    const map: Record<string, unknown> = {};
    const mark = this.record.mark();
    let at = this.skipSpaces(open + 1);
    if (this.text.charCodeAt(at) === RBRACE) this.end = at + 1;
    else {
      for (;;) {
        const key = this.key(at, true);
        if (key === undefined || this.text.charCodeAt(this.end + 1) !== SPACE) return undefined;
        const valueAt = this.skipSpaces(this.end + 1);
        const value = this.value(valueAt, true);
        if (value === undefined || Object.hasOwn(map, key)) return undefined;
        map[key] = value;
        this.record.pushPair(at, valueAt, key);
        const next = this.flowNext(RBRACE);
        if (next === undefined) return undefined;
        if (next < 0) break;
        at = next;
      }
    }
    return this.record.closeMapping(map, mark);
  }
}
