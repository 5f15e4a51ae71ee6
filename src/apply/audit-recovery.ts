import { open } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { CurrentState } from '../current/index.js';
import type { AuditEntry } from './audit-log.js';
import { judgeChangesEffect } from './verify.js';

/** How much of the end of the audit log is read for attempts left pending (1 MiB). */
const TAIL_BYTES = 1024 * 1024;

/**
 * The attempts of the audit log's last MiB that have a `pending` line and no other line:
 * applies cut off (killed, crashed) after their batch was sent. Oldest first. The chunks of
 * a chunked apply count one by one (the same `attempt`, another `chunk.index`).
 */
export async function findPendingAttempts(file: string, cwd: string): Promise<AuditEntry[]> {
  const path = isAbsolute(file) ? file : join(cwd, file);
  const handle = await open(path, 'r').catch(() => undefined);
  if (handle === undefined) return [];
  let text: string;
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    text = buffer.toString('utf8');
    if (start > 0) text = text.slice(text.indexOf('\n') + 1); // a cut first line
  } finally {
    await handle.close();
  }
  const pending = new Map<string, AuditEntry>();
  for (const line of text.split('\n')) {
    const entry = parseLine(line);
    if (entry === undefined) continue;
    // A chunked apply writes a pending line per chunk: each chunk is an attempt of its own.
    const key = `${entry.attempt}\u0000${entry.chunk?.index ?? ''}`;
    if (entry.outcome === 'pending') pending.set(key, entry);
    else pending.delete(key);
  }
  return [...pending.values()];
}

function parseLine(line: string): AuditEntry | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value = JSON.parse(line) as Partial<AuditEntry> | null;
    // Only apply's lines: a signed review's line (`command: 'report'`) has no attempt.
    if ((value as { command?: unknown } | null)?.command !== 'apply') return undefined;
    if (typeof value?.attempt !== 'string' || typeof value.outcome !== 'string') return undefined;
    if (!Array.isArray(value.changes)) return undefined;
    return value as AuditEntry;
  } catch {
    return undefined; // a line cut by the crash, or not ours: nothing to recover from it
  }
}

/** What the server shows of a pending attempt: every change holds, none does, or neither. */
export type PendingVerdict = 'applied' | 'not-applied' | 'unknown';

export function judgePendingAttempt(entry: AuditEntry, current: CurrentState): PendingVerdict {
  const effect = judgeChangesEffect(entry.changes, current);
  return effect === 'partial' ? 'unknown' : effect;
}
