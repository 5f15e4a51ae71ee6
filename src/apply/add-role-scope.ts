import { ServerValidationError } from '../diagnostics/index.js';
import { id, query } from '../session/index.js';
import type { Operation, SecurityRoleOperation } from '../wire/index.js';

/**
 * The scope a role starts with on the server when `add_user_security_role` adds it: no
 * project (`none`, what the plan's operations assume) or all open projects (`all-open`).
 * No public source says which (protocol notes 6.2). sendAdaptingToAddScope sends the plan's
 * operations as they are, guarded so that a server of the other kind refuses them whole;
 * only then does it find out (probeAddRoleScope) and send them again, adapted.
 */
export type AddRoleScope = 'none' | 'all-open';

/** What the probe needs of a session: one call. */
export interface ProbeSession {
  call(operations: readonly Operation[], options?: { write?: boolean }): Promise<unknown[]>;
}

type Pair = Pick<SecurityRoleOperation, 'user_id' | 'role_id'>;

/**
 * Finds out what `add_user_security_role` does on this server, with one call that changes
 * nothing: the plan's first added (user, role) is added, read back in the same call, and
 * removed again. A server that does not show the added role to a query in the same call is
 * asked by failure instead: add, grant all-open, remove (refused, and so not applied, when
 * the role starts on all open projects), then add, revoke all-open, remove. Resolves to
 * undefined when the plan adds no role (nothing to find out) or neither way tells.
 */
export async function probeAddRoleScope(
  session: ProbeSession,
  operations: readonly Operation[],
): Promise<AddRoleScope | undefined> {
  const add = operations.find(isAdd);
  if (add === undefined) return undefined;
  const pair: Pair = { user_id: add.user_id, role_id: add.role_id };
  const seen = await observe(session, pair);
  if (seen !== undefined) return seen;
  if (await succeeds(session, around(pair, 'grant_user_security_role_project'))) return 'none';
  if (await succeeds(session, around(pair, 'revoke_user_security_role_project'))) {
    return 'all-open';
  }
  return undefined;
}

async function observe(session: ProbeSession, pair: Pair): Promise<AddRoleScope | undefined> {
  const expression = query`select is_all_open_projects from UserSecurityRole where user_id is ${id(pair.user_id)} and security_role_id is ${id(pair.role_id)}`;
  const probe: Operation[] = [
    { action: 'add_user_security_role', ...pair },
    { action: 'query', expression },
    { action: 'remove_user_security_role', ...pair },
  ];
  let results: unknown[];
  try {
    results = await session.call(probe, { write: true });
  } catch (error) {
    if (error instanceof ServerValidationError) return undefined;
    throw error;
  }
  const row = (results[1] as { data?: { is_all_open_projects?: unknown }[] } | undefined)
    ?.data?.[0];
  const allOpen = row?.is_all_open_projects;
  if (typeof allOpen !== 'boolean') return undefined;
  return allOpen ? 'all-open' : 'none';
}

function around(pair: Pair, action: SecurityRoleOperation['action']): Operation[] {
  return [
    { action: 'add_user_security_role', ...pair },
    { action, ...pair, all_open_projects: true },
    { action: 'remove_user_security_role', ...pair },
  ];
}

/** True when the server accepts the call; false when it refuses it as invalid. */
async function succeeds(session: ProbeSession, operations: Operation[]): Promise<boolean> {
  try {
    await session.call(operations, { write: true });
    return true;
  } catch (error) {
    if (error instanceof ServerValidationError) return false;
    throw error;
  }
}

function isAdd(op: Operation): op is SecurityRoleOperation {
  return op.action === 'add_user_security_role';
}

/**
 * The plan's operations for a server whose added roles start on all open projects: the
 * all-open grant that follows an add is dropped (it is already on), and a role that is not
 * to be on all open projects has all-open revoked right after its add. Unchanged for
 * `none`. The server then ends in the state the plan's `after` scopes describe.
 */
export function adaptToAddRoleScope(
  operations: readonly Operation[],
  scope: AddRoleScope,
): Operation[] {
  if (scope === 'none') return [...operations];
  const out: Operation[] = [];
  const skip = new Set<number>();
  operations.forEach((op, i) => {
    if (skip.has(i)) return;
    out.push(op);
    if (!isAdd(op)) return;
    const allOpen = grantsAfter(operations, i).find((g) => g.all_open_projects === true);
    if (allOpen !== undefined) skip.add(operations.indexOf(allOpen));
    else {
      out.push({
        action: 'revoke_user_security_role_project',
        user_id: op.user_id,
        role_id: op.role_id,
        all_open_projects: true,
      });
    }
  });
  return out;
}

/**
 * The operations, guarded so that a server whose added roles start on all open projects
 * refuses the call whole rather than leave a role on all open projects: an add followed by
 * its all-open grant or by a grant of an open project is such a guard already (a strict
 * server refuses both while the role is on all open projects). When no add of the call is,
 * one open project is granted and revoked again right after the first add that can take
 * it, which changes nothing on a server whose added roles start without projects. Without
 * open projects, all-open reaches nothing and no guard is needed.
 */
export function guardAdds(
  operations: readonly Operation[],
  openProjectIds: ReadonlySet<string>,
): Operation[] {
  const adds = operations.flatMap((op, i) =>
    isAdd(op) ? [{ op, grants: grantsAfter(operations, i) }] : [],
  );
  const guarded = adds.some(({ grants }) =>
    grants.some((g) => g.all_open_projects === true || openProjectIds.has(g.project_id ?? '')),
  );
  if (guarded) return [...operations];
  for (const { op, grants } of adds) {
    const open = [...openProjectIds].find((p) => !grants.some((g) => g.project_id === p));
    if (open === undefined) continue;
    const pair = { user_id: op.user_id, role_id: op.role_id, project_id: open };
    const at = operations.indexOf(op) + 1;
    return [
      ...operations.slice(0, at),
      { action: 'grant_user_security_role_project', ...pair },
      { action: 'revoke_user_security_role_project', ...pair },
      ...operations.slice(at),
    ];
  }
  return [...operations];
}

/** The grants of the same (user, role) after the add at `index`. */
function grantsAfter(operations: readonly Operation[], index: number): SecurityRoleOperation[] {
  const add = operations[index] as SecurityRoleOperation;
  return operations.filter(
    (next, j): next is SecurityRoleOperation =>
      j > index &&
      next.action === 'grant_user_security_role_project' &&
      next.user_id === add.user_id &&
      next.role_id === add.role_id,
  );
}

/** What the sending learned, for the caller's messages. */
export interface AdaptedSend {
  results: unknown[];
  /** `all-open` when the server refused the plan's operations and took them adapted. */
  addRoleScope: AddRoleScope;
  /** The operations the server took. */
  sent: Operation[];
}

/**
 * Sends the plan's operations (guarded, see guardAdds) in one call. When the server
 * refuses them as invalid and they add a role, asks the server what an added role starts
 * with (probeAddRoleScope: one call that changes nothing); if it starts on all open
 * projects, sends them again once, adapted (adaptToAddRoleScope). Any other refusal, or
 * a probe that cannot tell, is the original refusal.
 */
export async function sendAdaptingToAddScope(
  session: ProbeSession,
  operations: readonly Operation[],
  openProjectIds: ReadonlySet<string>,
): Promise<AdaptedSend> {
  const guarded = guardAdds(operations, openProjectIds);
  try {
    const results = await session.call(guarded, { write: true });
    return { results, addRoleScope: 'none', sent: guarded };
  } catch (refusal) {
    if (!(refusal instanceof ServerValidationError) || !operations.some(isAdd)) throw refusal;
    const scope = await probeAddRoleScope(session, operations).catch(() => undefined);
    if (scope !== 'all-open') throw refusal;
    const adapted = adaptToAddRoleScope(operations, 'all-open');
    const results = await session.call(adapted, { write: true });
    return { results, addRoleScope: 'all-open', sent: adapted };
  }
}
