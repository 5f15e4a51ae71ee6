import { compareStrings } from '../model/index.js';
import type { SecurityRoleOperation } from '../wire/index.js';

/**
 * Splitting a plan's operations into chunks for `apply --max-operations-per-call N` (pure).
 *
 * - A chunk holds whole users: every operation of a user is in one chunk, so no user is
 *   ever half-changed. A user with more than N operations gets a chunk larger than N.
 * - Within a chunk the operations keep the plan's order. A user's operations touch only
 *   that user's (user, role) pairs, so the subsequence of the plan that a chunk sends is
 *   valid on a strict server exactly as the whole plan is.
 * - The order of the chunks keeps the protected roles' holders (`min_holders`) from
 *   dipping between chunks below both the count before the apply and the count after it:
 *   1. users who only become holders of protected roles, or whose changes touch no
 *      protected holder (the API user among them: the plan never reduces it);
 *   2. users who become a holder of one protected role and stop being one of another,
 *      all together in ONE chunk (even above N): applied one by one, two such users could
 *      trade places so that either order dips below the minimum;
 *   3. users who only stop being holders.
 *   The holder count of every protected role therefore rises (or stays) through the first
 *   group, takes one atomic step, and falls (or stays) through the last: every state
 *   between chunks holds at least as many holders as the state before or the state after
 *   the apply, whichever is fewer. Within each group, users whose changes remove no access
 *   come first, then by username.
 */

/** What one user's planned changes do, as far as the order of the chunks is concerned. */
export interface UserEffect {
  /** The username (messages list users by name; ties are ordered by it). */
  name: string;
  /** The protected roles the user becomes an active holder of. */
  gains: readonly string[];
  /** The protected roles the user stops being an active holder of. */
  losses: readonly string[];
  /** Some change of the user reduces access (a role, all open projects, or a project). */
  removesAccess: boolean;
}

/** One chunk: the users it changes (ids) and their operations in the plan's order. */
export interface OperationChunk {
  userIds: string[];
  operations: SecurityRoleOperation[];
}

/** The place of a user in the order of the chunks (1, 2, 3 above). */
export function effectGroup(effect: UserEffect | undefined): 1 | 2 | 3 {
  if (effect === undefined || effect.losses.length === 0) return 1;
  return effect.gains.length === 0 ? 3 : 2;
}

/**
 * Splits the operations into chunks of at most `max` operations (see above). Without
 * `max`, or when everything fits, the result is one chunk holding the operations as given.
 */
export function chunkOperations(
  operations: readonly SecurityRoleOperation[],
  effects: ReadonlyMap<string, UserEffect>,
  max?: number,
): OperationChunk[] {
  if (operations.length === 0) return [];
  const perUser = new Map<string, number>();
  for (const op of operations) perUser.set(op.user_id, (perUser.get(op.user_id) ?? 0) + 1);
  if (max === undefined || operations.length <= max) {
    return [{ userIds: [...perUser.keys()], operations: [...operations] }];
  }
  const chunkOf = new Map<string, number>();
  const chunks: OperationChunk[] = [];
  let size = 0;
  for (const unit of orderedUnits([...perUser.keys()], effects)) {
    const n = unit.reduce((sum, id) => sum + perUser.get(id)!, 0);
    if (chunks.length === 0 || (size > 0 && size + n > max)) {
      chunks.push({ userIds: [], operations: [] });
      size = 0;
    }
    const chunk = chunks[chunks.length - 1]!;
    chunk.userIds.push(...unit);
    for (const id of unit) chunkOf.set(id, chunks.length - 1);
    size += n;
  }
  for (const op of operations) chunks[chunkOf.get(op.user_id)!]!.operations.push(op);
  return chunks;
}

/**
 * The users in the order of the chunks, as units that are never split: one user each,
 * except the users of group 2, who form one unit.
 */
function orderedUnits(userIds: string[], effects: ReadonlyMap<string, UserEffect>): string[][] {
  const key = (id: string) => effects.get(id)?.name ?? id;
  const byEffect = (a: string, b: string) =>
    Number(effects.get(a)?.removesAccess ?? false) -
      Number(effects.get(b)?.removesAccess ?? false) ||
    compareStrings(key(a), key(b)) ||
    compareStrings(a, b);
  const group = (g: 1 | 2 | 3) =>
    userIds.filter((id) => effectGroup(effects.get(id)) === g).sort(byEffect);
  const swapping = group(2);
  return [
    ...group(1).map((id) => [id]),
    ...(swapping.length > 0 ? [swapping] : []),
    ...group(3).map((id) => [id]),
  ];
}
