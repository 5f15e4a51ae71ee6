import { InvalidArgumentError, type Command } from 'commander';
import { MAX_FILE_BYTES, MIB } from '../config/read.js';

/** The options of the commands that read a config, as commander parses them. */
export interface ConfigCliOptions {
  /** `--max-file-size <MiB>`, in bytes. */
  maxFileSize?: number;
}

/**
 * The largest `--max-file-size`: V8 cannot hold a string much longer than 512 Mi
 * characters, and parsing a file takes several times its size in memory.
 */
export const MAX_FILE_SIZE_LIMIT_MIB = 256;

/** A `--max-file-size` value: a whole number of MiB, 1 to 256; returns bytes. */
export function parseMaxFileSize(value: string): number {
  const mib = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(mib >= 1 && mib <= MAX_FILE_SIZE_LIMIT_MIB)) {
    throw new InvalidArgumentError(
      `expected a whole number of MiB from 1 to ${MAX_FILE_SIZE_LIMIT_MIB} (the default is ${MAX_FILE_BYTES / MIB}).`,
    );
  }
  return mib * MIB;
}

/** Adds `--max-file-size <MiB>` to a command that reads config files. */
export function addConfigOptions(command: Command): Command {
  return command.option(
    '--max-file-size <MiB>',
    `refuse config files larger than this many MiB (default: ${MAX_FILE_BYTES / MIB}; at most ${MAX_FILE_SIZE_LIMIT_MIB})`,
    parseMaxFileSize,
  );
}
