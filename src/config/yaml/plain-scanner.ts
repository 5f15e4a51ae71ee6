import { newStore, OffsetList, type PositionStore } from './fast-locate.js';
import { DASH, HASH, LBRACE, LBRACKET, LF, PlainTokens, SPACE } from './plain-tokens.js';

/**
 * The first reader of the fast path: one pass over the text, for the plainest YAML (what
 * `export` writes and what access files are written in): block mappings and sequences,
 * each value on its key's line or in a deeper block below it; one-line flow lists and
 * mappings; one-line plain and simply quoted scalars; comments. It records the same
 * position store as the js-yaml reader (fast-parse.ts) and accepts only what that reader
 * accepts, to the same data and positions (its tests check this); on anything else, or
 * anything unsure, it returns undefined and the js-yaml reader reads the file.
 */
export function scanPlainYaml(
  text: string,
): { value: object; start: number; store: PositionStore } | undefined {
  if (UNUSUAL_CHARACTER.test(text) && UNSUPPORTED_CHARACTER.test(text)) return undefined;
  const store = { ...newStore(), lineStarts: new OffsetList() };
  const root = scanner.read(text, store);
  return root === undefined ? undefined : { ...root, store };
}

/** Anything but line feeds and printable ASCII: then the stricter test below runs. */
const UNUSUAL_CHARACTER = /[^\n -~]/;
/** Tabs, CRs and other control characters, BOMs, line separators, lone surrogates, … */
const UNSUPPORTED_CHARACTER =
  /[^\n -~\u00A0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\uD800-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Lines whose indentation and dashes reach this many columns are declined: far below what
 * findExcessiveNesting (nesting.ts) refuses, so that the scanner never reads a file that
 * check refuses. That check also counts every `[` and `{` outside comment lines: the
 * scanner declines them in scalars and comments, and deep flow collections.
 */
const MAX_RUN = 200;

/** The block structure: mappings and sequences by indentation, line by line. */
class PlainScanner extends PlainTokens {
  /** Every line start, as the scanner goes through the lines (each once, in order). */
  private lineStarts = new OffsetList();
  /** After a block node: the first content offset of the next content line, or -1. */
  private next = -1;
  /** Whether the value after a key is on the key's line (set by valueAfter). */
  private inline = false;
  /** Set when a line is declined while looking for the next content. */
  private declined = false;

  /** Reads a text: its root collection and where it starts, or undefined (declined). */
  read(
    text: string,
    store: PositionStore & { lineStarts: OffsetList },
  ): { value: object; start: number } | undefined {
    this.begin(text, store);
    this.lineStarts = store.lineStarts;
    this.next = -1;
    this.inline = false;
    this.declined = false;
    try {
      return this.root();
    } finally {
      this.done();
      this.lineStarts = new OffsetList();
    }
  }

  private root(): { value: object; start: number } | undefined {
    const start = this.contentFrom(0);
    if (start < 0) return undefined;
    const value = this.blockCollection(start);
    if (value === undefined || this.next >= 0 || this.declined) return undefined;
    return { value, start };
  }

  /**
   * From a line start: the first content offset of the next content line (-1 at the end,
   * or with `declined` set for an indentation of MAX_RUN or more).
   */
  private contentFrom(from: number): number {
    const { text } = this;
    let lineStart = from;
    for (;;) {
      this.lineStarts.add(lineStart);
      let at = lineStart;
      while (text.charCodeAt(at) === SPACE) at += 1;
      // The indentation and the dashes of sequence entries after it.
      let run = at;
      for (let c = text.charCodeAt(run); c === SPACE || c === DASH; c = text.charCodeAt(run)) {
        run += 1;
      }
      if (run - lineStart >= MAX_RUN) {
        this.declined = true;
        return -1;
      }
      if (at >= text.length) return -1;
      const lineEnd = text.indexOf('\n', at);
      const c = text.charCodeAt(at);
      if (c !== LF && c !== HASH) {
        this.lineStart = lineStart;
        this.lineEnd = lineEnd < 0 ? text.length : lineEnd;
        return at;
      }
      if (lineEnd < 0) return -1;
      lineStart = lineEnd + 1;
    }
  }

  /** The content of the next line after the current one (-1 at the end). */
  private nextContent(): number {
    return this.lineEnd < this.text.length ? this.contentFrom(this.lineEnd + 1) : -1;
  }

  /** After a value, the rest of the line is blank or a comment; `next` is set. */
  private endLine(offset: number): boolean {
    const at = this.skipSpaces(offset);
    if (at < this.lineEnd && (at === offset || !this.comment(at))) return false;
    this.next = this.nextContent();
    return true;
  }

  /** A comment at `at`, without an opening bracket (nesting.ts would count it). */
  private comment(at: number): boolean {
    const { text } = this;
    if (text.charCodeAt(at) !== HASH) return false;
    for (let i = at; i < this.lineEnd; i += 1) {
      const c = text.charCodeAt(i);
      if (c === LBRACKET || c === LBRACE) return false;
    }
    return true;
  }

  private isEntry(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && this.blankAt(at + 1);
  }

  /** A block mapping or sequence whose first content is at `start`. */
  private blockCollection(start: number): object | undefined {
    const indent = start - this.lineStart;
    return this.isEntry(start)
      ? this.blockSequence(start, indent)
      : this.blockMapping(start, indent);
  }

  /** Whether the next content line continues a collection at `indent` (undefined: declined). */
  private continues(indent: number, sequence: boolean): boolean | undefined {
    const next = this.next;
    if (next < 0 || next - this.lineStart < indent) return false;
    if (next - this.lineStart > indent) return undefined;
    return this.isEntry(next) === sequence ? true : undefined;
  }

  private blockMapping(start: number, indent: number): object | undefined {
    const map: Record<string, unknown> = {};
    const mark = this.record.mark();
    let at = start;
    for (;;) {
      const key = this.key(at, false);
      if (key === undefined || !this.blankAt(this.end + 1) || Object.hasOwn(map, key)) {
        return undefined;
      }
      const valueAt = this.valueAfter(this.end + 1, indent);
      if (valueAt < 0) return undefined;
      const value = this.inline ? this.inlineValue(valueAt) : this.blockCollection(valueAt);
      if (value === undefined) return undefined;
      map[key] = value;
      this.record.pushPair(at, valueAt, key);
      const more = this.continues(indent, false);
      if (more === undefined) return undefined;
      if (!more) return this.record.closeMapping(map, mark);
      at = this.next;
    }
  }

  /** Where the value after `key:` starts: on the key's line (`inline`) or a deeper block below. */
  private valueAfter(afterColon: number, indent: number): number {
    const at = this.skipSpaces(afterColon);
    this.inline = at < this.lineEnd && this.text.charCodeAt(at) !== HASH;
    if (this.inline) return at;
    if (at < this.lineEnd && !this.comment(at)) return -1;
    const next = this.nextContent();
    return next >= 0 && next - this.lineStart > indent ? next : -1;
  }

  private blockSequence(start: number, indent: number): object | undefined {
    const mark = this.record.mark();
    let at = start;
    for (;;) {
      if (this.text.charCodeAt(at + 1) !== SPACE) return undefined;
      const itemAt = this.skipSpaces(at + 1);
      if (itemAt >= this.lineEnd || this.text.charCodeAt(itemAt) === HASH) return undefined;
      const value = this.blockItem(itemAt);
      if (value === undefined) return undefined;
      this.record.pushItem(itemAt, value);
      const more = this.continues(indent, true);
      if (more === undefined) return undefined;
      if (!more) return this.record.closeSequence(mark);
      at = this.next;
    }
  }

  /** An item after `- `: a nested sequence, a mapping starting on this line, or a value. */
  private blockItem(at: number): unknown {
    const indent = at - this.lineStart;
    if (this.isEntry(at)) return this.blockSequence(at, indent);
    const isKey = this.key(at, false) !== undefined && this.blankAt(this.end + 1);
    return isKey ? this.blockMapping(at, indent) : this.inlineValue(at);
  }

  /** A value on the key's or dash's line, then the end of the line. */
  private inlineValue(at: number): unknown {
    const value = this.value(at, false);
    return value !== undefined && this.endLine(this.end) ? value : undefined;
  }
}

/** The scanner of every file, reset for each (see PlainTokens.begin). */
const scanner = new PlainScanner();
