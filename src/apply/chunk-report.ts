import { listed } from '../model/index.js';
import { bullets } from './apply-result.js';
import type { PlanCall } from './plan-calls.js';

/** The words of a chunked apply: progress lines and what a failed chunk leaves behind. */

/** `chunk 2 of 3 (4 operations; users hana, jules)`. */
export function chunkLabel(call: PlanCall): string {
  const n = call.operations.length;
  return `chunk ${call.index} of ${call.count} (${n} operation${n === 1 ? '' : 's'}; ${usersOf([call])})`;
}

/** The progress line of a chunk about to be sent, saying when it holds more than the limit. */
export function chunkProgress(call: PlanCall, max: number | undefined): string {
  const line = `Sending ${chunkLabel(call)}...`;
  if (max === undefined || call.operations.length <= max) return line;
  const why =
    call.users.length === 1
      ? `all operations of "${call.users[0]}" go in one call, so that no user is half-changed`
      : 'users who trade protected roles go in one call, so that no protected role loses holders between chunks';
  return `${line} It holds more than --max-operations-per-call ${max}: ${why}.`;
}

/** What a chunk's failure leaves: the chunks applied before it, and those not attempted. */
export interface ChunkFailure {
  calls: readonly PlanCall[];
  failed: PlanCall;
  /** What happened to the failed chunk (sentences). */
  what: string;
  /** The earlier chunks' changes that do not hold on the re-read; undefined: not re-read. */
  doneDifferences: string[] | undefined;
}

export function describeChunkFailure(failure: ChunkFailure): string {
  const { calls, failed } = failure;
  const done = calls.slice(0, failed.index - 1);
  const rest = calls.slice(failed.index);
  const lines = [failure.what];
  if (done.length === 0) lines.push('Applied before it: nothing (it was the first chunk).');
  else {
    const differences = failure.doneDifferences;
    const check =
      differences === undefined
        ? ' (not verified: the server could not be re-read)'
        : differences.length === 0
          ? ', verified on the server'
          : `; the re-read shows ${differences.length} of their changes do not hold (changed meanwhile?):\n${bullets(differences)}`;
    lines.push(`Applied before it: ${range(done)} (${usersOf(done)})${check}.`);
  }
  lines.push(
    rest.length === 0
      ? 'Not attempted: nothing (it was the last chunk).'
      : `Not attempted: ${range(rest)} (${usersOf(rest)}).`,
  );
  lines.push(
    'Run `ftrack-roles plan` to see the changes that remain, then apply again: the next plan starts from what the server holds.',
  );
  return lines.join('\n');
}

/** `chunk 2 of 5` or `chunks 1-3 of 5`. */
function range(calls: readonly PlanCall[]): string {
  const first = calls[0]!;
  const last = calls[calls.length - 1]!;
  if (first === last) return `chunk ${first.index} of ${first.count}`;
  return `chunks ${first.index}-${last.index} of ${first.count}`;
}

/** `user ana` or `3 users: ana, bo, carl` (at most ten names). */
function usersOf(calls: readonly PlanCall[]): string {
  const users = calls.flatMap((c) => c.users);
  return users.length === 1 ? `user ${users[0]}` : `${users.length} users: ${listed(users)}`;
}
