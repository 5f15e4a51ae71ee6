import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/index.js';
import { compareStrings } from '../model/index.js';
import { decodeConfigText } from './decode.js';

/** One mebibyte, the unit of `--max-file-size`. */
export const MIB = 1024 * 1024;

/**
 * Files larger than this are refused before they are read (64 MiB): it bounds the memory
 * one file can take (a 64 MiB file holds some 350,000 users), without refusing a studio
 * that keeps all its users in one file. `--max-file-size` changes it.
 */
export const MAX_FILE_BYTES = 64 * MIB;

/** The default config path when none is given. */
export const DEFAULT_CONFIG_PATH = 'access';

export interface ConfigFileText {
  /** The path relative to the working directory, with `/` separators. */
  path: string;
  bytes: Uint8Array;
  text: string;
}

export interface ReadConfigResult {
  /** Files that were read and decoded. */
  files: ConfigFileText[];
  /** Every config file found (read or not), relative to cwd, sorted. */
  found: string[];
  diagnostics: Diagnostic[];
}

export interface ReadOptions {
  cwd: string;
  /** The size limit of one file in bytes (default MAX_FILE_BYTES). */
  maxFileBytes?: number;
}

const CONFIG_FILE = /\.ya?ml$/i;

/** A config file found, not read yet. */
export interface ConfigFileEntry {
  /** The absolute path. */
  abs: string;
  /** The path relative to the working directory, with `/` separators. */
  path: string;
}

export interface FoundConfigFiles {
  /** The files found, sorted by their relative path. */
  entries: ConfigFileEntry[];
  /** Paths that do not exist, directories without config files or that cannot be read. */
  diagnostics: Diagnostic[];
}

/**
 * Finds the config: each path is a file or a directory searched recursively for `*.yaml` /
 * `*.yml` (hidden entries and node_modules skipped). Nothing is read yet.
 */
export async function findConfigFiles(
  paths: readonly string[],
  options: ReadOptions,
): Promise<FoundConfigFiles> {
  const diagnostics: Diagnostic[] = [];
  const absolute = new Set<string>();
  for (const given of paths.length > 0 ? paths : [DEFAULT_CONFIG_PATH]) {
    const found = await findUnder(resolve(options.cwd, given), given, diagnostics);
    for (const file of found) absolute.add(file);
  }
  const entries = [...absolute]
    .map((abs) => ({ abs, path: displayPath(options.cwd, abs) }))
    .sort((a, b) => compareStrings(a.path, b.path));
  return { entries, diagnostics };
}

/** Reads and decodes one config file, or says why it cannot be read. */
export async function readConfigFile(
  entry: ConfigFileEntry,
  options: Pick<ReadOptions, 'maxFileBytes'> = {},
): Promise<ReadOne> {
  return readOne(entry.abs, entry.path, options.maxFileBytes ?? MAX_FILE_BYTES);
}

/**
 * Reads the whole config (findConfigFiles, then every file). The only file-system access
 * of config.
 */
export async function readConfigFiles(
  paths: readonly string[],
  options: ReadOptions,
): Promise<ReadConfigResult> {
  const { entries, diagnostics } = await findConfigFiles(paths, options);
  const files: ConfigFileText[] = [];
  for (const entry of entries) {
    const result = await readConfigFile(entry, options);
    if ('diagnostic' in result) diagnostics.push(result.diagnostic);
    else files.push(result.file);
  }
  return { files, found: entries.map((e) => e.path), diagnostics };
}

async function findUnder(abs: string, given: string, diagnostics: Diagnostic[]): Promise<string[]> {
  const info = await stat(abs).catch(() => undefined);
  if (info === undefined) {
    diagnostics.push({
      severity: 'error',
      code: 'FR001',
      summary: `path '${given}' does not exist`,
      hint:
        given === DEFAULT_CONFIG_PATH
          ? `run in the directory that holds '${DEFAULT_CONFIG_PATH}/', or name the config files or directories`
          : 'check the spelling, or name an existing file or directory',
    });
    return [];
  }
  if (!info.isDirectory()) return [abs];
  const walk = {
    base: abs,
    root: await realpath(abs),
    given,
    seen: new Set<string>(),
    diagnostics,
  };
  const found = await walkDirectory(abs, walk).catch((error: unknown) => {
    diagnostics.push({
      severity: 'error',
      code: 'FR006',
      summary: `cannot read directory '${given}' (${errorCode(error)})`,
      hint: 'check that the directory and its subdirectories are readable',
    });
    return undefined;
  });
  if (found === undefined) return [];
  if (found.length === 0) {
    diagnostics.push({
      severity: 'error',
      code: 'FR002',
      summary: `directory '${given}' holds no *.yaml or *.yml files`,
      hint: 'add desired-state files (see docs/format.md), or name another directory',
    });
  }
  return found;
}

interface Walk {
  /** The directory given, absolute (links are named relative to it). */
  base: string;
  /** The real path of the directory given. */
  root: string;
  /** The directory as given (for messages). */
  given: string;
  /** Real paths of the directories read. */
  seen: Set<string>;
  diagnostics: Diagnostic[];
}

/**
 * The config files under a directory. A symbolic link is followed only while it stays in
 * the directory given: one that leads out of it is an error (FR008) and is not read (a key
 * file or /etc/passwd linked in would be quoted in diagnostics); one that leads back to a
 * directory already read is a loop, skipped with a warning (FR009).
 */
async function walkDirectory(dir: string, walk: Walk): Promise<string[]> {
  const real = await realpath(dir);
  walk.seen.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => compareStrings(a.name, b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = resolve(dir, entry.name);
    let info: { isDirectory(): boolean; isFile(): boolean } | undefined = entry;
    if (entry.isSymbolicLink()) {
      const target = await realpath(full).catch(() => undefined);
      if (target === undefined) continue; // a broken link: nothing to read
      if (target !== walk.root && !target.startsWith(`${walk.root}${sep}`)) {
        walk.diagnostics.push(linkOut(walk, full));
        continue;
      }
      info = await stat(full).catch(() => undefined);
      if (info?.isDirectory() && walk.seen.has(target)) {
        walk.diagnostics.push(linkLoop(walk, full));
        continue;
      }
    }
    if (info?.isDirectory()) found.push(...(await walkDirectory(full, walk)));
    else if (info?.isFile() && CONFIG_FILE.test(entry.name)) found.push(full);
  }
  return found;
}

function linkOut(walk: Walk, link: string): Diagnostic {
  return {
    severity: 'error',
    code: 'FR008',
    summary: `the link '${linkName(walk, link)}' leads out of '${walk.given}'; it is not read`,
    hint: 'keep the config files in the directory given (copy the file in, or name it on the command line)',
  };
}

function linkLoop(walk: Walk, link: string): Diagnostic {
  return {
    severity: 'warning',
    code: 'FR009',
    summary: `the link '${linkName(walk, link)}' leads back to a directory already read; it is skipped`,
    hint: 'remove the link: every file is read once',
  };
}

/** A link's path as the user wrote the directory: `access/k.yaml`. */
function linkName(walk: Walk, link: string): string {
  const inside = relative(walk.base, link);
  return [walk.given.replace(/[\\/]+$/, ''), ...inside.split(sep)].join('/');
}

export type ReadOne = { file: ConfigFileText } | { diagnostic: Diagnostic };

async function readOne(abs: string, path: string, maxBytes: number): Promise<ReadOne> {
  const source = { file: path, line: 1, col: 1 };
  try {
    const info = await stat(abs);
    if (!info.isFile()) {
      return {
        diagnostic: {
          severity: 'error',
          code: 'FR006',
          summary: 'cannot read the file: it is not a regular file (a device, pipe or socket)',
          hint: 'name regular files or directories',
          source,
        },
      };
    }
    if (info.size > maxBytes) {
      return {
        diagnostic: {
          severity: 'error',
          code: 'FR003',
          summary: `file is too large (${info.size} bytes; the limit is ${describeLimit(maxBytes)})`,
          hint: 'split the config into several files, or raise the limit with --max-file-size <MiB>',
          source,
        },
      };
    }
    const bytes = new Uint8Array(await readFile(abs));
    const decoded = decodeConfigText(bytes, path);
    if ('diagnostic' in decoded) return decoded;
    return { file: { path, bytes, text: decoded.text } };
  } catch (error) {
    const reason = errorCode(error);
    return {
      diagnostic: {
        severity: 'error',
        code: 'FR006',
        summary: `cannot read the file (${reason})`,
        hint: 'check that the file exists and is readable',
        source,
      },
    };
  }
}

/** `67108864 bytes, 64 MiB`: a limit of whole MiB is named in MiB too. */
function describeLimit(bytes: number): string {
  return bytes % MIB === 0 ? `${bytes} bytes, ${bytes / MIB} MiB` : `${bytes} bytes`;
}

function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  const shown = rel === '' || isAbsolute(rel) ? abs : rel;
  return shown.split(sep).join('/');
}

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : 'I/O error';
}
