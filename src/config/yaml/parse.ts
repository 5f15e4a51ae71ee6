import { LineCounter, parseAllDocuments, visit, type Document, type YAMLError } from 'yaml';
import type { Diagnostic } from '../../diagnostics/index.js';
import { positionInText } from '../decode.js';
import { findAliasProblem, MAX_ALIASES, MAX_EXPANSION } from './aliases.js';
import { findDuplicateKeys } from './duplicate-keys.js';
import { createLocator } from './locate.js';
import { findExcessiveNesting, MAX_FLOW_DEPTH, MAX_INDENT } from './nesting.js';
import type { ParsedDocument } from '../../model/document.js';

/**
 * yaml's own alias expansion limit, behind findAliasProblem (aliases.ts): a second guard
 * against "billion laughs" documents.
 */
export const MAX_ALIAS_COUNT = 10_000;

export interface ParseResult {
  /** Undefined when the file has errors or is empty. */
  document?: ParsedDocument;
  diagnostics: Diagnostic[];
}

/** Parses one file's text into a document that keeps positions, reporting every problem. */
export function parseConfigFile(file: { path: string; text: string }): ParseResult {
  const nesting = findExcessiveNesting(file.text);
  if (nesting !== undefined) {
    const limit = nesting.kind === 'flow' ? `${MAX_FLOW_DEPTH} levels` : `${MAX_INDENT} columns`;
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'FR104',
          summary: `nesting is too deep (the limit is ${limit})`,
          hint: 'desired-state files nest a few levels only; check that this is the right file',
          source: { file: file.path, line: nesting.line, col: nesting.col },
        },
      ],
    };
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(file.text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: false,
    strict: true,
    // No YAML 1.1 types (!!binary, !!set, !!omap, !!pairs, !!timestamp): a Set or Map would
    // pass the schema as an empty mapping and silently drop roles. They stay plain
    // values with an "unresolved tag" warning (FR107), so the schema sees what is written.
    resolveKnownTags: false,
  });
  const all: Document.Parsed[] = Array.isArray(docs) ? docs : [docs];
  return interpretDocuments(all, lineCounter, file);
}

function interpretDocuments(
  all: Document.Parsed[],
  lineCounter: LineCounter,
  file: { path: string; text: string },
): ParseResult {
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { file: file.path, line: pos.line, col: pos.col };
  };
  const diagnostics: Diagnostic[] = [];
  for (const doc of all) {
    for (const error of doc.errors) diagnostics.push(yamlErrorDiagnostic(error, file.path, at));
    for (const warning of doc.warnings) {
      diagnostics.push({
        severity: 'warning',
        code: 'FR107',
        summary: `YAML: ${lowerFirst(firstLine(warning.message))}`,
        hint: 'desired-state files use plain YAML: remove the tag or directive',
        source: at(Math.max(0, warning.pos[0])),
      });
    }
  }
  const [doc, second] = all;
  if (second !== undefined) {
    diagnostics.push({
      severity: 'error',
      code: 'FR105',
      summary: 'a desired-state file holds one YAML document; this one has several',
      hint: "split the documents at '---' into separate files",
      source: at(second.range[0]),
    });
  }
  if (doc === undefined || doc.contents === null) {
    diagnostics.push(emptyFile(file));
    return { diagnostics };
  }
  diagnostics.push(...findDuplicateKeys(doc, at));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return toDocument(doc, lineCounter, file.path, diagnostics, at);
}

function toDocument(
  doc: Document.Parsed,
  lineCounter: LineCounter,
  path: string,
  diagnostics: Diagnostic[],
  at: (offset: number) => Diagnostic['source'],
): ParseResult {
  const aliases = findAliasProblem(doc);
  if (aliases !== undefined) {
    diagnostics.push({
      severity: 'error',
      code: 'FR103',
      summary:
        aliases.kind === 'count'
          ? `too many aliases (${MAX_ALIASES} or more in one file)`
          : `too many alias expansions: the aliases make ${aliases.written} values into ${aliases.expanded} (more than ${MAX_EXPANSION} times as many)`,
      hint: 'write the values out instead of using aliases (*name), or give the roles through a group',
      source: at(firstAliasOffset(doc)),
    });
    return { diagnostics };
  }
  try {
    const data: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return {
      document: { file: path, data, locate: createLocator(doc, lineCounter, path) },
      diagnostics,
    };
  } catch (error) {
    const aliases = error instanceof ReferenceError && /alias/i.test(error.message);
    // yaml throws "Excessive alias count ..." for bombs, "Unresolved alias ..." for *unknown.
    const bomb = aliases && /excessive/i.test(error.message);
    diagnostics.push({
      severity: 'error',
      code: bomb ? 'FR103' : 'FR101',
      summary: bomb
        ? `too many alias expansions (the limit is ${MAX_ALIAS_COUNT})`
        : `the YAML cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      hint: bomb
        ? 'write the values out instead of nesting aliases (*name)'
        : aliases
          ? 'define the anchor (&name) before the alias (*name) that uses it'
          : undefined,
      source: at(aliases ? firstAliasOffset(doc) : doc.range[0]),
    });
    return { diagnostics };
  }
}

function firstAliasOffset(doc: Document.Parsed): number {
  let offset = doc.range[0];
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? offset;
      return visit.BREAK;
    },
  });
  return offset;
}

function yamlErrorDiagnostic(
  error: YAMLError,
  file: string,
  at: (offset: number) => Diagnostic['source'],
): Diagnostic {
  const nesting = error.code === 'RESOURCE_EXHAUSTION';
  const message = firstLine(error.message);
  return {
    severity: 'error',
    code: nesting ? 'FR104' : error.code === 'DUPLICATE_KEY' ? 'FR102' : 'FR101',
    summary: nesting ? 'nesting is too deep' : `YAML syntax: ${lowerFirst(message)}`,
    hint: nesting
      ? 'desired-state files nest a few levels only; check that this is the right file'
      : 'fix the YAML syntax at this position',
    source: error.pos[0] >= 0 ? at(error.pos[0]) : { file, line: 1, col: 1 },
  };
}

function emptyFile(file: { path: string; text: string }): Diagnostic {
  return {
    severity: 'warning',
    code: 'FR106',
    summary: 'file is empty; it is ignored',
    hint: "add 'version: 1' and a section, or delete the file",
    source: positionInText(file.text, 0, file.path),
  };
}

function lowerFirst(text: string): string {
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
