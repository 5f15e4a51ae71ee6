import { FAILSAFE_SCHEMA, load, YAMLException, type State } from 'js-yaml';
import {
  createCompactLocator,
  indexKeyed,
  newStore,
  SMALL_MAP,
  type PositionStore,
} from './fast-locate.js';
import { scanPlainYaml } from './plain-scanner.js';
import {
  contentEndBefore,
  endsToken,
  isFlowStart,
  resolvePlain,
  skipSpace,
} from './fast-scalars.js';
import { findExcessiveNesting } from './nesting.js';
import type { ParsedDocument } from '../../model/document.js';

/**
 * The fast path of the config stage: the plain scanner (plain-scanner.ts) reads the file,
 * or else js-yaml (about ten times faster than `yaml`) with a parse listener; either
 * records the start offset of every node into a compact position store, so no YAML tree
 * outlives the parse. It only accepts the plain subset that real access files use (block
 * and one-line flow collections, one-line plain and simple quoted scalars, no tags,
 * anchors, aliases, directives, tabs or lone CRs, no null values) and checks every node
 * against the source text; on anything else it returns undefined and the caller uses the
 * `yaml`-based path, whose diagnostics are the reference.
 */
export function parseConfigFileFast(file: {
  path: string;
  text: string;
}): ParsedDocument | undefined {
  const outcome = readConfigFileFast(file);
  return 'document' in outcome ? outcome.document : undefined;
}

/** Why the fast path declined a file: where, and js-yaml's syntax error if it found one. */
export interface FastDecline {
  /** What declined it: the text check, the nesting check, or a node (its offset). */
  kind: 'text' | 'nesting' | 'node';
  /** The offset in the file's text (CRLF line ends counted as written) where it declined. */
  offset: number;
  /** A syntax error of js-yaml (its reason and offset), which `yaml` most likely reports too. */
  syntax?: { reason: string; offset: number };
}

/** parseConfigFileFast, saying why when it declines (for files too large for `yaml`). */
export function readConfigFileFast(file: {
  path: string;
  text: string;
}): { document: ParsedDocument } | { declined: FastDecline } {
  // CRLF line ends are read as LF: no node of the plain subset spans a line end, so every
  // line and column stays as it is (and the digest is of the bytes as written).
  const text = file.text.includes('\r') ? file.text.replaceAll('\r\n', '\n') : file.text;
  // The scanner reads only what readWithJsYaml reads too (to the same document), and
  // declines all it refuses: what it declines, readWithJsYaml reads or says why not.
  const scanned = scanPlainYaml(text);
  if (scanned === undefined) return readWithJsYaml(file, text);
  const { value, start, store } = scanned;
  const locators = createCompactLocator(text, file.path, store, { value, start });
  return { document: { file: file.path, data: value, ...locators } };
}

/**
 * The second reader of the fast path, js-yaml with a parse listener: for the files the
 * scanner declines. `text` is the file's text with LF line ends.
 */
export function readWithJsYaml(
  file: { path: string; text: string },
  text: string,
): { document: ParsedDocument } | { declined: FastDecline } {
  const at = (offset: number) => offsetAsWritten(file.text, text, offset);
  const unsupported = UNSUPPORTED_TEXT.exec(text);
  if (unsupported !== null) return { declined: { kind: 'text', offset: at(unsupported.index) } };
  if (findExcessiveNesting(text) !== undefined) return { declined: { kind: 'nesting', offset: 0 } };
  const store = newStore();
  const reader = new NodeReader(text, store);
  let raw: unknown;
  try {
    raw = load(text, {
      schema: FAILSAFE_SCHEMA,
      onWarning: (warning) => reader.fail(warning.mark?.position ?? 0),
      listener: (event, state) => (event === 'open' ? reader.open(state) : reader.close(state)),
    });
  } catch (error) {
    const mark = (error as YAMLException).mark as { position?: number } | undefined;
    const offset = at(reader.failedAt ?? mark?.position ?? 0);
    if (!(error instanceof YAMLException)) return { declined: { kind: 'node', offset } };
    const syntax = { reason: error.reason, offset: at(mark?.position ?? 0) };
    return { declined: { kind: 'node', offset, syntax } };
  }
  const root = reader.root;
  if (reader.failed || root === undefined || root.raw !== raw || typeof raw !== 'object') {
    return { declined: { kind: 'node', offset: at(reader.failedAt ?? 0) } };
  }
  const locators = createCompactLocator(text, file.path, store, root);
  return { document: { file: file.path, data: root.value, ...locators } };
}

/** An offset of the LF-only text as an offset of the text as written (with its CRs). */
function offsetAsWritten(written: string, read: string, offset: number): number {
  if (written === read) return offset;
  let lines = 0;
  for (let i = read.indexOf('\n'); i >= 0 && i < offset; i = read.indexOf('\n', i + 1)) lines++;
  return offset + lines;
}

/** Tabs, lone CRs, directives, document markers, explicit keys: left to the `yaml` path. */
const UNSUPPORTED_TEXT = /[\t\r]|^(?:%|---|\.\.\.)|^[ -]*\?(?:[ \n]|$)/m;

/** yaml rejects implicit keys longer than this; js-yaml does not. */
const MAX_KEY_LENGTH = 1000;

/** A node being read (its children) and, once closed, read. */
interface ClosedNode {
  start: number;
  children: ClosedNode[] | undefined;
  /** What js-yaml produced (strings only, failsafe schema). */
  raw: unknown;
  /** The value as the `yaml` path produces it. */
  value: unknown;
}

type Frame = ClosedNode;

type TaggedState = State & { tag: string | null };

class NodeReader {
  failed = false;
  root: ClosedNode | undefined;
  private readonly stack: Frame[] = [];
  private readonly strings = new Map<string, string>();

  constructor(
    private readonly text: string,
    private readonly store: PositionStore,
  ) {}

  /** One string per distinct scalar: project and role names repeat thousands of times. */
  private share(value: unknown): unknown {
    if (typeof value !== 'string') return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  private closed(frame: Frame, raw: unknown, value: unknown): ClosedNode {
    frame.raw = raw;
    frame.value = value;
    frame.children = undefined;
    return frame;
  }

  /** The offset of the first node declined. */
  failedAt: number | undefined;

  fail(offset: number): void {
    this.failed = true;
    this.failedAt ??= offset;
  }

  open(state: State): void {
    const start = skipSpace(this.text, state.position);
    this.stack.push({ start, children: undefined, raw: undefined, value: undefined });
  }

  close(state: State): void {
    const frame = this.stack.pop();
    if (frame === undefined || this.failed) return this.fail(state.position);
    const node = this.closeNode(frame, state as TaggedState);
    // An empty value starts where the next node does: say where it was expected instead.
    if (node === undefined) {
      return this.fail(
        state.result == null ? contentEndBefore(this.text, frame.start) : frame.start,
      );
    }
    const parent = this.stack.at(-1);
    if (parent === undefined) this.root = node;
    else if (parent.children === undefined) parent.children = [node];
    else parent.children.push(node);
  }

  private closeNode(frame: Frame, state: TaggedState): ClosedNode | undefined {
    const raw: unknown = state.result;
    const children = frame.children ?? [];
    const [only] = children;
    // js-yaml wraps some nodes in a second event pair with the same result.
    if (children.length === 1 && only !== undefined && only.raw === raw) {
      return only.start === frame.start ? only : undefined;
    }
    if (state.kind === 'scalar') return this.closeScalar(frame, raw, state.tag, state.position);
    if (state.tag !== null) return undefined;
    if (state.kind === 'sequence') return this.closeSequence(frame, raw, state.position);
    if (state.kind === 'mapping') return this.closeMapping(frame, raw, state.position);
    return undefined;
  }

  private closeScalar(frame: Frame, raw: unknown, tag: string | null, end: number) {
    if (frame.children !== undefined || typeof raw !== 'string' || raw.includes('\n')) {
      return undefined;
    }
    const { text, stack } = this;
    const { start } = frame;
    const inFlow = isFlowStart(text, stack.at(-1)?.start);
    if (tag === '?') {
      if (!text.startsWith(raw, start) || (inFlow && raw.includes(':'))) return undefined;
      const value = resolvePlain(raw);
      return value === undefined ? undefined : this.closed(frame, raw, this.share(value));
    }
    if (tag !== null) return undefined;
    const quote = text[start];
    const source =
      quote === "'" ? `'${raw.replaceAll("'", "''")}'` : quote === '"' ? `"${raw}"` : undefined;
    if (source === undefined || (quote === '"' && /["\\]/.test(raw))) return undefined;
    if (!text.startsWith(source, start) || start + source.length !== end) return undefined;
    return endsToken(text, end) ? this.closed(frame, raw, raw) : undefined;
  }

  private closeSequence(frame: Frame, raw: unknown, end: number): ClosedNode | undefined {
    const children = frame.children ?? [];
    if (!Array.isArray(raw) || raw.length !== children.length) return undefined;
    if (!this.checkCollectionStart(frame, end, '[', '-')) return undefined;
    const base = this.store.offsets.length;
    for (const [index, child] of children.entries()) {
      if (raw[index] !== child.raw) return undefined;
      this.store.offsets.push(child.start, child.start);
    }
    // js-yaml grows its arrays item by item (with room to spare): the value is an exact copy.
    const value = children.map((child) => child.value);
    this.store.seqs.set(value, base);
    return this.closed(frame, raw, value);
  }

  private closeMapping(frame: Frame, raw: unknown, end: number): ClosedNode | undefined {
    const { start } = frame;
    const children = frame.children ?? [];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
    const record = raw as Record<string, unknown>;
    if (children.length !== 2 * Object.keys(record).length) return undefined;
    const first = children[0];
    const open = this.text[start];
    if (open === '{' ? !this.checkCollectionStart(frame, end, '{', '{') : first?.start !== start) {
      return undefined;
    }
    const base = this.store.offsets.length;
    let index: Map<string, number> | undefined;
    if (
      children.length > 2 * SMALL_MAP ||
      children.some((c, i) => i % 2 === 0 && indexKeyed(c.raw))
    ) {
      index = new Map();
    }
    for (let i = 0; i < children.length; i += 2) {
      const key = children[i]!;
      const item = children[i + 1]!;
      if (typeof key.value !== 'string' || key.value !== key.raw || key.value === '__proto__') {
        return undefined;
      }
      if (key.value.length > MAX_KEY_LENGTH || record[key.value] !== item.raw) return undefined;
      index?.set(key.value, this.store.offsets.length);
      this.store.offsets.push(key.start, item.start);
    }
    // js-yaml's object becomes the value (keys keep their order): no copy.
    for (let i = 0; i < children.length; i += 2)
      record[children[i]!.raw as string] = children[i + 1]!.value;
    this.store.maps.set(record, index ?? base);
    return this.closed(frame, raw, record);
  }

  /** Flow collections stay on one line and end at a token boundary; block ones start at `-`. */
  private checkCollectionStart(frame: Frame, end: number, flow: string, block: string): boolean {
    const { text } = this;
    const open = text[frame.start];
    if (open === flow) {
      const close = flow === '[' ? ']' : '}';
      const newline = text.indexOf('\n', frame.start);
      return text[end - 1] === close && (newline < 0 || newline >= end) && endsToken(text, end);
    }
    return open === block && flow === '[';
  }
}
