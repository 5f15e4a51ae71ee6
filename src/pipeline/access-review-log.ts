import { open } from 'node:fs/promises';
import type { ReviewAuditEntry } from '../apply/audit-log.js';
import { parseReviewAuditLine } from '../apply/audit-review.js';

/** How much of the audit log is read at a time, from its end. */
const BLOCK_BYTES = 1024 * 1024;

/**
 * The last review line of the audit log that `wanted` accepts, read from the end of the
 * file (the last review is usually near it), or undefined: no such line, or no log
 * (ENOENT). Lines that are not review lines, and lines cut short or not ours, are skipped,
 * as apply's readers skip them. Other read errors are thrown.
 */
export async function findLastReviewLine(
  path: string,
  wanted: (entry: ReviewAuditEntry) => boolean,
): Promise<ReviewAuditEntry | undefined> {
  for await (const line of linesFromEnd(path)) {
    const entry = parseReviewAuditLine(line);
    if (entry !== undefined && wanted(entry)) return entry;
  }
  return undefined;
}

/** The lines of a file, last first. Nothing when the file does not exist. */
async function* linesFromEnd(path: string): AsyncGenerator<string> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (handle === undefined) return;
  try {
    let position = (await handle.stat()).size;
    // The start of a line whose beginning lies in a block not read yet.
    let rest = Buffer.alloc(0);
    while (position > 0) {
      const start = Math.max(0, position - BLOCK_BYTES);
      const block = Buffer.alloc(position - start);
      const { bytesRead } = await handle.read(block, 0, block.length, start);
      position = start;
      // A line feed is never part of a multi-byte UTF-8 character: splitting bytes is safe.
      const buffer = Buffer.concat([block.subarray(0, bytesRead), rest]);
      let end = buffer.length;
      for (let nl = buffer.lastIndexOf(0x0a, end - 1); nl !== -1 && end > 0;) {
        yield buffer.subarray(nl + 1, end).toString('utf8');
        end = nl;
        nl = end > 0 ? buffer.lastIndexOf(0x0a, end - 1) : -1;
      }
      rest = buffer.subarray(0, end);
    }
    if (rest.length > 0) yield rest.toString('utf8');
  } finally {
    await handle.close();
  }
}
