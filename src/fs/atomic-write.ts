import { closeSync, openSync, rmSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The one way ftrack-roles writes a file it owns (a plan, a catalogue, exported config,
 * the emulator's state): into a temporary file beside it, then renamed over it, so that a
 * reader never sees half a file and an interrupted write leaves the old one. The
 * temporary file is removed when the write fails.
 */

export interface AtomicWriteOptions {
  /** File mode of a new file (default 0o644). */
  mode?: number;
  /** Create the parent directories first (default true). */
  mkdir?: boolean;
}

function temporaryFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

/** Writes `text` to `path` atomically (UTF-8). */
export async function writeFileAtomic(
  path: string,
  text: string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  if (options.mkdir !== false) await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryFor(path);
  try {
    await writeFile(temporary, text, { encoding: 'utf8', mode: options.mode ?? 0o644 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** writeFileAtomic for callers that must not yield (the emulator commits a call with it). */
export function writeFileAtomicSync(
  path: string,
  text: string,
  options: Omit<AtomicWriteOptions, 'mkdir'> = {},
): void {
  const temporary = temporaryFor(path);
  try {
    writeFileSync(temporary, text, { encoding: 'utf8', mode: options.mode ?? 0o644 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * writeFileAtomic for a text too large for one string: `produce` hands it over in chunks
 * (synchronously), each written to the temporary file as it comes, then renamed over `path`.
 */
export async function writeChunksAtomic(
  path: string,
  produce: (write: (chunk: string) => void) => void,
  options: AtomicWriteOptions = {},
): Promise<void> {
  if (options.mkdir !== false) await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryFor(path);
  try {
    const fd = openSync(temporary, 'wx', options.mode ?? 0o644);
    try {
      produce((chunk) => {
        const bytes = Buffer.from(chunk, 'utf8');
        for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
      });
    } finally {
      closeSync(fd);
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
