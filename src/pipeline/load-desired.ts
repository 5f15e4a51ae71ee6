import {
  ConfigCheck,
  ConfigDigest,
  checkConfigTexts,
  findConfigFiles,
  readConfigFile,
  type ConfigFileText,
} from '../config/index.js';
import { DesiredStateBuilder, type DesiredState } from '../desired/index.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/index.js';
import {
  compareStrings,
  runSteps,
  runStepsWithPauses,
  type Steps,
  type ValidatedDocument,
} from '../model/index.js';
import { findExpiryDiagnostics } from '../plan/expiry.js';

/** A config read and checked, its desired state not built yet. */
export interface CheckedConfigFiles {
  /** The validated documents in file order; undefined when any diagnostic is an error. */
  documents: ValidatedDocument[] | undefined;
  /** The documents that passed the schema, also when a diagnostic is an error. */
  schemaValid: ValidatedDocument[];
  /** Every problem found (read problems and warnings included), sorted. */
  diagnostics: Diagnostic[];
  /** Every config file found (read or not), relative to cwd, sorted. */
  files: string[];
  /** The config digest of the files read (set whether or not they are valid). */
  configDigest: string;
}

export interface CheckConfigOptions {
  cwd: string;
  /** The size limit of one file in bytes (default 64 MiB). */
  maxFileBytes?: number;
  /** Awaited after each file, so that answers of the server are taken in meanwhile. */
  pause?: () => Promise<void>;
}

/**
 * Finds, reads and checks a config file by file (config stage): each file's text is let
 * go once it is parsed, so the texts of a large config are never all in memory.
 */
export async function checkConfigFiles(
  paths: readonly string[],
  options: CheckConfigOptions,
): Promise<CheckedConfigFiles> {
  const found = await findConfigFiles(paths, options);
  const check = new ConfigCheck();
  const digest = new ConfigDigest();
  check.report(found.diagnostics);
  for (const entry of found.entries) {
    const read = await readConfigFile(entry, options);
    if ('diagnostic' in read) check.report([read.diagnostic]);
    else {
      digest.add(read.file);
      check.add(read.file);
    }
    await options.pause?.();
  }
  return {
    ...check.finish(),
    files: found.entries.map((entry) => entry.path),
    configDigest: digest.digest(),
  };
}

/**
 * Builds the desired state of checked documents, handing each document over to the
 * builder in turn: the array is emptied as it goes, so that a document is let go once
 * its users are in the state (the caller gives up the array).
 */
export function* buildDesiredSteps(
  documents: (ValidatedDocument | undefined)[],
  configDigest: string,
): Steps<DesiredState> {
  const builder = new DesiredStateBuilder({ configDigest });
  for (let index = 0; index < documents.length; index++) {
    const document = documents[index]!;
    documents[index] = undefined;
    yield* builder.addSteps(document);
    yield;
  }
  documents.length = 0;
  return yield* builder.finishSteps();
}

/** A config loaded the way `validate` loads it. */
export interface LoadedDesiredState {
  /** Undefined when any diagnostic is an error. */
  desired: DesiredState | undefined;
  /** Every problem found, sorted by file, line and column. */
  diagnostics: Diagnostic[];
  /** The config files found, relative to cwd, sorted. */
  files: string[];
}

/**
 * Reads, checks and builds a config: the front of `validate`, and of every test that
 * needs a desired state from files. Paths are files or directories (default `./access`).
 * With `now`, the expiry warnings of `until:` grants (FR312, FR313) are reported too.
 */
export async function loadDesiredState(
  paths: readonly string[],
  options: { cwd: string; now?: Date; maxFileBytes?: number },
): Promise<LoadedDesiredState> {
  const checked = await checkConfigFiles(paths, options);
  if (checked.documents === undefined) {
    return { desired: undefined, diagnostics: checked.diagnostics, files: checked.files };
  }
  const desired = runSteps(buildDesiredSteps(checked.documents, checked.configDigest));
  const diagnostics = [...checked.diagnostics];
  if (options.now !== undefined) diagnostics.push(...findExpiryDiagnostics(desired, options.now));
  return { desired, diagnostics: sortDiagnostics(diagnostics), files: checked.files };
}

/**
 * loadDesiredState of file texts already read (pure), for tests and tools: the files are
 * checked in the order given and built in file order.
 */
export function desiredFromTexts(
  files: readonly ConfigFileText[],
  now?: Date,
): { desired: DesiredState | undefined; diagnostics: Diagnostic[] } {
  const checked = checkConfigTexts(files);
  if (checked.documents === undefined) {
    return { desired: undefined, diagnostics: checked.diagnostics };
  }
  const documents = [...checked.documents].sort((a, b) => compareStrings(a.file, b.file));
  const desired = runSteps(buildDesiredSteps(documents, checked.configDigest));
  const diagnostics = [...checked.diagnostics];
  if (now !== undefined) diagnostics.push(...findExpiryDiagnostics(desired, now));
  return { desired, diagnostics: sortDiagnostics(diagnostics) };
}

/** buildDesiredSteps with the event loop handed back between steps. */
export function buildDesiredWithPauses(
  documents: (ValidatedDocument | undefined)[],
  configDigest: string,
  pause: () => Promise<void>,
): Promise<DesiredState> {
  return runStepsWithPauses(buildDesiredSteps(documents, configDigest), pause);
}
