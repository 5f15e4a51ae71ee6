import type { CurrentState } from '../current/types.js';
import type { ServerCallError } from '../diagnostics/index.js';
import type { SecurityRoleOperation } from '../wire/index.js';
import { describeOperation } from './describe.js';

/** The operation a server error is about, when the server's answer identifies it. */
export interface RejectedOperation {
  /** 1-based position in the call. */
  number: number;
  description: string;
}

/**
 * The server's own words: `EXCEPTION: content`, verbatim. The session's typed errors wrap
 * the content as `... (EXCEPTION[, error_code][, HTTP status]): content`; an error without
 * an exception (an HTTP error page, a transport failure) is quoted whole.
 */
export function serverAnswer(error: ServerCallError): string {
  const exception = error.exception;
  if (exception === undefined) return error.message;
  const at = error.message.indexOf(`(${exception}`);
  const end = at < 0 ? -1 : error.message.indexOf('): ', at);
  if (end < 0) return error.message;
  return `${exception}: ${error.message.slice(end + 3)}`;
}

/**
 * Finds the operation a rejection is about, only when the server's answer identifies it
 * unambiguously. A server answers a failed call with one error for the whole batch, and
 * ftrack's wording is not documented, so names in the text (a username, a role name) are
 * not taken as a reference. Two are:
 * - an index into the batch written as a JSON path, `operations[N]` (0-based);
 * - the exact ids of the batch (user, role, new role, project) as whole words, when one
 *   operation holds every id the text mentions and no other operation does.
 * When both are there they must agree. Otherwise nothing is named.
 */
export function findRejectedOperation(
  text: string,
  operations: readonly SecurityRoleOperation[],
  current: CurrentState,
): RejectedOperation | undefined {
  const mentioned = mentionedIds(text, operations);
  const holdsAll = (op: SecurityRoleOperation) => {
    const ids = idsOf(op);
    return [...mentioned].every((id) => ids.includes(id));
  };
  const index = indexIn(text, operations.length);
  let found: number | undefined;
  if (index !== undefined) {
    found = holdsAll(operations[index]!) ? index : undefined;
  } else if (mentioned.size > 0) {
    const candidates = operations.flatMap((op, i) => (holdsAll(op) ? [i] : []));
    found = candidates.length === 1 ? candidates[0] : undefined;
  }
  if (found === undefined) return undefined;
  return { number: found + 1, description: describeOperation(operations[found]!, current) };
}

function idsOf(op: SecurityRoleOperation): string[] {
  return [op.user_id, op.role_id, op.new_role_id, op.project_id].filter(
    (id): id is string => id !== undefined && id !== '',
  );
}

/** The batch's ids that the text holds as whole words (not inside a longer id). */
function mentionedIds(text: string, operations: readonly SecurityRoleOperation[]): Set<string> {
  const all = new Set(operations.flatMap(idsOf));
  const words = new Set(text.split(/[^\w-]+/).filter((w) => w !== ''));
  return new Set([...all].filter((id) => (/^[\w-]+$/.test(id) ? words.has(id) : false)));
}

/** `operations[N]` with N a valid 0-based index; undefined when absent, repeated or out of range. */
function indexIn(text: string, length: number): number | undefined {
  const found = [...text.matchAll(/\boperations\s*\[\s*(\d+)\s*\]/gi)].map((m) => Number(m[1]));
  const distinct = [...new Set(found)];
  if (distinct.length !== 1) return undefined;
  const index = distinct[0]!;
  return index < length ? index : undefined;
}
