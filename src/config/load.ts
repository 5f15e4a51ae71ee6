import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/index.js';
import { runSteps, runStepsWithPauses, type Steps } from '../model/index.js';
import { buildDesiredState } from '../desired/build-desired-state.js';
import { findExpiryDiagnostics } from '../desired/expiry.js';
import type { DesiredState } from '../desired/types.js';
import { computeConfigDigest } from './digest.js';
import { readConfigFileFast } from './fast-parse.js';
import { diagnoseLargeFile, FULL_READER_MAX_BYTES } from './large-file.js';
import { parseConfigFile } from './parse.js';
import { readConfigFiles, type ConfigFileText } from './read.js';
import { checkConfigRules } from './rules/index.js';
import type { ValidatedDocument } from './types.js';
import { validateConfig } from './validate.js';

export interface LoadedConfig {
  /** Undefined when any diagnostic is an error. */
  desired: DesiredState | undefined;
  /** Every problem found, sorted by file, line and column. */
  diagnostics: Diagnostic[];
  /** The config files found, relative to cwd, sorted. */
  files: string[];
}

export interface LoadConfigOptions {
  cwd: string;
  /**
   * The current time, for the expiry warnings of `until:` grants (FR312, FR313). Without it
   * they are not reported (plan reports them itself).
   */
  now?: Date;
  /** The size limit of one file in bytes (default MAX_FILE_BYTES, 64 MiB). */
  maxFileBytes?: number;
}

/**
 * Reads, parses, validates and checks a config, then builds its desired state: the one
 * entry point of the config stage. Paths are files or directories (default `./access`);
 * positions in diagnostics are relative to `cwd`.
 */
export async function loadConfig(
  paths: string[],
  options: LoadConfigOptions,
): Promise<LoadedConfig> {
  const read = await readConfigFiles(paths, options);
  const checked = checkConfigFiles(read.files, options.now);
  const diagnostics = sortDiagnostics([...read.diagnostics, ...checked.diagnostics]);
  return {
    desired: hasErrors(diagnostics) ? undefined : checked.desired,
    diagnostics,
    files: read.found,
  };
}

/**
 * The pure part of `loadConfig`: file texts → diagnostics and, when there is no error,
 * the desired state. Used directly by tests.
 */
export function checkConfigFiles(
  files: readonly ConfigFileText[],
  now?: Date,
): {
  desired: DesiredState | undefined;
  diagnostics: Diagnostic[];
} {
  const checked = checkConfigDocuments(files);
  if (checked.documents === undefined)
    return { desired: undefined, diagnostics: checked.diagnostics };
  const desired = buildDesiredState(checked.documents, {
    configDigest: checked.configDigest,
    consume: true,
  });
  const diagnostics = [...checked.diagnostics];
  if (now !== undefined) diagnostics.push(...findExpiryDiagnostics(desired, now));
  return { desired, diagnostics: sortDiagnostics(diagnostics) };
}

export interface CheckedConfig {
  /** The validated documents; undefined when any diagnostic is an error. */
  documents: ValidatedDocument[] | undefined;
  /** Every problem found (warnings included), sorted. */
  diagnostics: Diagnostic[];
  /** The config digest of the files (set whether or not they are valid). */
  configDigest: string;
}

/**
 * File texts → validated documents, the whole check (parse, schema, rules) done and the
 * desired state not yet built (the plan pipeline builds it while the server's answers
 * arrive).
 */
export function checkConfigDocuments(
  files: readonly ConfigFileText[],
  options: { consume?: boolean } = {},
): CheckedConfig {
  return runSteps(checkConfigDocumentsSteps(files, options));
}

/**
 * checkConfigDocuments in steps: yields between two files, so that the plan pipeline,
 * whose reads of the server are already under way, takes their answers in meanwhile.
 */
export function* checkConfigDocumentsSteps(
  files: readonly ConfigFileText[],
  options: { consume?: boolean } = {},
): Steps<CheckedConfig> {
  const configDigest = computeConfigDigest(files);
  // With `consume`, the caller hands its (mutable) array over: it is emptied, and each
  // file's text is let go once parsed, so the texts of a large config are not all alive
  // next to every parsed document.
  const queue: (ConfigFileText | undefined)[] =
    options.consume === true ? (files as ConfigFileText[]).splice(0) : [...files];
  const diagnostics: Diagnostic[] = [];
  const documents: ValidatedDocument[] = [];
  for (let index = 0; index < queue.length; index++) {
    if (index > 0) yield;
    const file = queue[index]!;
    queue[index] = undefined;
    const outcome = readConfigFileFast(file);
    if ('document' in outcome) {
      const fast = outcome.document;
      // The fast path accepts only documents that the `yaml` path reads without a
      // diagnostic, to the same data and the same position of every path (its tests
      // check this), so the schema's diagnostics are the reference ones: a large file
      // with a typo is not parsed a second time, at several times the cost.
      const checked = validateConfig(fast);
      diagnostics.push(...checked.diagnostics);
      if (checked.document !== undefined) documents.push(checked.document);
      continue;
    }
    // Anything else takes the `yaml` path, whose diagnostics (codes, positions, messages)
    // are the reference; but not a file too large for its memory.
    const { declined } = outcome;
    if (declined.kind !== 'nesting' && file.bytes.byteLength > FULL_READER_MAX_BYTES) {
      diagnostics.push(...diagnoseLargeFile(file, declined));
      continue;
    }
    const parsed = parseConfigFile(file);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.document === undefined) continue;
    const validated = validateConfig(parsed.document);
    diagnostics.push(...validated.diagnostics);
    if (validated.document !== undefined) documents.push(validated.document);
  }
  diagnostics.push(...checkConfigRules(documents));
  return {
    documents: hasErrors(diagnostics) ? undefined : documents,
    diagnostics: sortDiagnostics(diagnostics),
    configDigest,
  };
}

export interface CheckedConfigFiles extends CheckedConfig {
  /** The config files found, relative to cwd, sorted. */
  files: string[];
}

/**
 * Reads and checks a config like loadConfig, without building its desired state (see
 * checkConfigDocuments); read problems are among the diagnostics.
 */
export async function loadCheckedConfig(
  paths: string[],
  options: {
    cwd: string;
    maxFileBytes?: number;
    /** Awaited between two files (see checkConfigDocumentsSteps); without it, none. */
    pause?: () => Promise<void>;
  },
): Promise<CheckedConfigFiles> {
  const read = await readConfigFiles(paths, options);
  const steps = checkConfigDocumentsSteps(read.files, { consume: true });
  const checked =
    options.pause === undefined ? runSteps(steps) : await runStepsWithPauses(steps, options.pause);
  const diagnostics = sortDiagnostics([...read.diagnostics, ...checked.diagnostics]);
  return {
    ...checked,
    documents: hasErrors(diagnostics) ? undefined : checked.documents,
    diagnostics,
    files: read.found,
  };
}
