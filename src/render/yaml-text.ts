import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

/**
 * The YAML text of names, written by hand for speed (the `yaml` library's document model
 * took 13 s for 45,000 users). Names of letters, digits, `_ . @ / + -` and single spaces
 * that YAML reads as strings are written plain; any other name is written exactly as the
 * `yaml` library writes it (quoted as needed), once per distinct name.
 */
const PLAIN = /^[A-Za-z_][\w.@/+-]*(?: [\w.@/+-]+)*$/;
/** Plain words that YAML's core schema reads as booleans or null. */
const NOT_STRINGS = /^(?:true|false|null|True|False|TRUE|FALSE|Null|NULL)$/;

const OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

/**
 * The `yaml` library, loaded on the first name that is not plain: the render registry is
 * loaded by every command, and `plan` should not wait for it before its first request.
 */
let library: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (library ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

const keys = new Map<string, string>();
const items = new Map<string, string>();

/**
 * A name as a block mapping key at `indent`, to be followed by `: value`. A name yaml
 * writes as an explicit key (`? name`, e.g. over 1,024 characters) ends with a line break
 * and the indent, so that `: value` goes on the next line.
 */
export function yamlKey(name: string, indent = ''): string {
  if (isPlain(name)) return name;
  let text = keys.get(name);
  if (text === undefined) {
    text = new (yaml().Document)({ [name]: 0 }).toString(OPTIONS).slice(0, -1);
    keys.set(name, text);
  }
  // `key: 0`, or `? key` and `: 0` on two lines.
  if (text.startsWith('? ') && text.endsWith('\n: 0')) return `${text.slice(0, -4)}\n${indent}`;
  return text.slice(0, -3);
}

/** A name as an item of a flow sequence (`[a, b]`). */
export function yamlFlowItem(name: string): string {
  if (isPlain(name)) return name;
  let text = items.get(name);
  if (text === undefined) {
    const { Document, isSeq } = yaml();
    const doc = new Document([name]);
    if (isSeq(doc.contents)) doc.contents.flow = true;
    const written = doc.toString(OPTIONS);
    text =
      written.startsWith('[') && written.endsWith(']\n')
        ? written.slice(1, -2)
        : JSON.stringify(name);
    items.set(name, text);
  }
  return text;
}

/** `[a, b]` with each name as a flow item. */
export function yamlFlowList(names: readonly string[]): string {
  return `[${names.map(yamlFlowItem).join(', ')}]`;
}

/**
 * Comment lines (`# text`; an empty line for ''), with line breaks and other control
 * characters of the text escaped, so that no text can end the comment.
 */
export function yamlComment(lines: readonly string[]): string {
  return lines.map((line) => (line === '' ? '' : `# ${escapeControls(line)}`)).join('\n');
}

/** An implicit key may not be longer than 1,024 characters. */
function isPlain(name: string): boolean {
  return name.length <= 1000 && PLAIN.test(name) && !NOT_STRINGS.test(name);
}

function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
