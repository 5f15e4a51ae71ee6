import type { CurrentState } from '../current/types.js';
import type { DesiredGrant, DesiredState, DesiredUser } from '../desired/types.js';
import { isGlob } from '../model/glob.js';
import { compareStrings, type Scope, type SourceRef } from '../model/index.js';
import { collectDesiredUsers, expandProjectGlob, indexForPlan } from '../plan/index.js';
import {
  groupMemberSkip,
  groupSkip,
  inactiveSkip,
  inexpressibleSkip,
  notInCatalogueSkip,
  retiredSkip,
  undeclaredSkip,
  unknownUserSkip,
  untilSkip,
  whyInexpressible,
} from './adopt-skips.js';
import type { AdoptSkip } from './adopt-types.js';
import type { DriftDifference, DriftReport } from './drift-types.js';

export interface AdoptInput {
  /** The desired state as of today (ended `until:` grants dropped), as drift has it. */
  desired: DesiredState;
  current: CurrentState;
  drift: DriftReport;
  /** `--add-undeclared FILE` given: propose entries for undeclared holders. */
  addUndeclared: boolean;
}

/** One role of an entry as adopt would write it. */
export interface AdoptTarget {
  role: string;
  /** The entry's scope (names or globs), or null: the role out of the entry. */
  scope: Scope | null;
  /** What the server holds. */
  server: Scope | null;
  /** False when groups give part of the role that the server does not have (drift stays). */
  complete: boolean;
}

/** The roles to write in one user's `users:` entry. */
export interface AdoptEntry {
  user: string;
  /** The file of the entry, relative to the working directory. */
  file: string;
  roles: AdoptTarget[];
}

export interface AdoptProposal {
  entries: AdoptEntry[];
  /** Undeclared holders to add under `users:` (with `addUndeclared`). */
  newUsers: { user: string; roles: AdoptTarget[] }[];
  skipped: AdoptSkip[];
}

interface Context {
  desired: DesiredState;
  current: CurrentState;
  index: ReturnType<typeof indexForPlan>;
}

/**
 * What adopting the drift means for the files (pure): for each drifted user declared
 * under `users:`, each drifted role's scope in their entry, so that the entry and the
 * groups they are in give exactly what the server holds. Groups are never changed: the
 * part of a role a group gives that the server lacks stays drift, with a line saying so.
 * Inactive, unknown and undeclared users, `until:` grants, retired roles and roles the
 * files cannot express are left alone, each with a line (adopt-skips.ts).
 */
export function proposeAdoption(input: AdoptInput): AdoptProposal {
  const { desired, current } = input;
  const users = collectDesiredUsers(desired, current).users;
  const ctx: Context = { desired, current, index: indexForPlan(current) };
  const out: AdoptProposal = { entries: [], newUsers: [], skipped: [] };
  for (const [user, roles] of byUserAndRole(input.drift.differences)) {
    const wanted = users.get(user);
    const refs = wanted?.sources ?? [];
    if (roles.has(null)) {
      out.skipped.push(unknownUserSkip(user, refs));
    } else if (ctx.index.users.get(user)?.isActive === false) {
      out.skipped.push(inactiveSkip(user, refs));
    } else if (wanted === undefined || wanted.declared === false) {
      const drifted = [...roles.keys()].filter((r): r is string => r !== null);
      undeclared(ctx, user, wanted, drifted, input.addUndeclared, out);
    } else {
      declared(ctx, wanted, roles, out);
    }
  }
  return out;
}

function byUserAndRole(
  differences: readonly DriftDifference[],
): Map<string, Map<string | null, DriftDifference[]>> {
  const out = new Map<string, Map<string | null, DriftDifference[]>>();
  for (const d of differences) {
    let roles = out.get(d.user);
    if (roles === undefined) out.set(d.user, (roles = new Map<string | null, DriftDifference[]>()));
    roles.set(d.role, [...(roles.get(d.role) ?? []), d]);
  }
  return out;
}

/** A declared user: their entry's drifted roles, or lines when they have no entry. */
function declared(
  ctx: Context,
  wanted: DesiredUser,
  roles: ReadonlyMap<string | null, DriftDifference[]>,
  out: AdoptProposal,
): void {
  const user = wanted.username;
  const own = wanted.sources.find((ref) => ref.group === undefined);
  const targets: AdoptTarget[] = [];
  for (const [role, differences] of roles) {
    if (role === null) continue;
    const target = adoptRole(ctx, user, role, wanted.roles.get(role), differences, out.skipped);
    if (target === undefined) continue;
    if (own !== undefined) targets.push(target);
    else if (target.complete) {
      out.skipped.push(groupMemberSkip(user, role, target.server, wanted.sources));
    }
  }
  if (own !== undefined && targets.length > 0) {
    out.entries.push({ user, file: own.file, roles: targets });
  }
}

/**
 * The entry's scope of one drifted role, or undefined (with a line) when it is left alone.
 * The line about the part groups give is added even when the rest is adopted.
 */
function adoptRole(
  ctx: Context,
  user: string,
  role: string,
  grant: DesiredGrant | undefined,
  differences: readonly DriftDifference[],
  skipped: AdoptSkip[],
): AdoptTarget | undefined {
  const server = ctx.index.held.get(user)?.get(role) ?? null;
  const sources = grant?.sources ?? [];
  const catalogue = ctx.desired.catalogue;
  const entry = catalogue.get(role);
  if (entry?.retired === true) return void skipped.push(retiredSkip(user, role, [entry.source]));
  const ended = differences.some((d) => (d.expired?.length ?? 0) > 0);
  if (ended || (grant?.expiries?.length ?? 0) > 0) {
    return void skipped.push(untilSkip(user, role, sources));
  }
  if (server !== null && catalogue.size > 0 && !catalogue.has(role)) {
    return void skipped.push(notInCatalogueSkip(user, role));
  }
  const why = server === null ? undefined : whyInexpressible(role, server, ctx.current);
  if (why !== undefined) return void skipped.push(inexpressibleSkip(user, role, why));
  const groups = groupPart(ctx, grant);
  const missing = missingFromServer(ctx, groups, server);
  if (missing !== undefined) skipped.push(groupSkip(user, role, missing.scope, missing.refs));
  return {
    role,
    scope: entryScope(ctx, grant, groups, server),
    server,
    complete: missing === undefined,
  };
}

/** What the groups give of a grant, projects expanded: project → the sources naming it. */
interface GroupPart {
  allOpen: SourceRef[];
  projects: Map<string, SourceRef[]>;
  /** The grant's sources in groups (its role keys under `groups.NAME.roles`). */
  sources: SourceRef[];
}

function expand(ctx: Context, pattern: string): string[] {
  return isGlob(pattern) ? expandProjectGlob(pattern, ctx.current.projects).reached : [pattern];
}

function groupPart(ctx: Context, grant: DesiredGrant | undefined): GroupPart {
  const part: GroupPart = { allOpen: [], projects: new Map(), sources: [] };
  if (grant === undefined) return part;
  part.allOpen = grant.allOpen.filter((ref) => ref.group !== undefined);
  part.sources = grant.sources.filter((ref) => ref.group !== undefined);
  for (const [pattern, refs] of grant.projects) {
    const fromGroups = refs.filter((ref) => ref.group !== undefined);
    if (fromGroups.length === 0) continue;
    for (const name of expand(ctx, pattern)) {
      part.projects.set(name, [...(part.projects.get(name) ?? []), ...fromGroups]);
    }
  }
  return part;
}

/**
 * What groups give that the server does not hold (null: the role itself), with the
 * sources giving it; undefined when the server holds all of it.
 */
function missingFromServer(
  ctx: Context,
  groups: GroupPart,
  server: Scope | null,
): { scope: Scope | null; refs: SourceRef[] } | undefined {
  if (groups.sources.length === 0) return undefined;
  const allOpen = groups.allOpen.length > 0 && server?.all_open !== true;
  const refs = allOpen ? [...groups.allOpen] : [];
  const projects: string[] = [];
  for (const [name, from] of groups.projects) {
    const covered =
      server !== null &&
      (server.projects.includes(name) || (server.all_open && ctx.index.isOpen(name)));
    if (covered) continue;
    projects.push(name);
    refs.push(...from);
  }
  if (allOpen || projects.length > 0) {
    // Named by the groups' role keys, as drift names them.
    const names = new Set(refs.map((ref) => ref.group));
    const keys = groups.sources.filter((ref) => names.has(ref.group));
    return { scope: { all_open: allOpen, projects: projects.sort(compareStrings) }, refs: keys };
  }
  return server === null ? { scope: null, refs: groups.sources } : undefined;
}

/**
 * The entry's scope: what the server holds less what groups give (an open project under
 * all open projects adds nothing), keeping the entry's names and globs that reach only
 * projects it keeps; null when the entry need not name the role.
 */
function entryScope(
  ctx: Context,
  grant: DesiredGrant | undefined,
  groups: GroupPart,
  server: Scope | null,
): Scope | null {
  if (server === null) return null;
  const allOpen = server.all_open && groups.allOpen.length === 0;
  const canonical = server.all_open
    ? server.projects.filter((p) => !ctx.index.isOpen(p))
    : server.projects;
  const needed = new Set(canonical.filter((p) => !groups.projects.has(p)));
  if (!allOpen && needed.size === 0 && groups.sources.length > 0) return null;
  const kept: string[] = [];
  const covered = new Set<string>();
  for (const [pattern, refs] of grant?.projects ?? []) {
    if (!refs.some((ref) => ref.group === undefined)) continue;
    const reach = expand(ctx, pattern);
    if (!reach.every((p) => needed.has(p))) continue;
    kept.push(pattern);
    for (const p of reach) covered.add(p);
  }
  const added = [...needed].filter((p) => !covered.has(p));
  return { all_open: allOpen, projects: [...kept, ...added].sort(compareStrings) };
}

/** An undeclared holder: a line, or (with --add-undeclared) a new entry of every role held. */
function undeclared(
  ctx: Context,
  user: string,
  wanted: DesiredUser | undefined,
  drifted: string[],
  add: boolean,
  out: AdoptProposal,
): void {
  if (!add) return void out.skipped.push(undeclaredSkip(user, drifted.sort(compareStrings)));
  const held = [...(ctx.index.held.get(user) ?? [])].sort(([a], [b]) => compareStrings(a, b));
  const skipped: AdoptSkip[] = [];
  const roles: AdoptTarget[] = [];
  for (const [role] of held) {
    const target = adoptRole(ctx, user, role, wanted?.roles.get(role), [], skipped);
    if (target !== undefined && target.scope !== null) roles.push(target);
  }
  const refusal = skipped.find((s) => s.reason !== 'group');
  if (refusal !== undefined) {
    // Half an entry would make apply remove the rest: the user is not added.
    out.skipped.push({ ...refusal, summary: `not added: ${refusal.summary}` });
    return;
  }
  out.skipped.push(...skipped);
  if (roles.length > 0) out.newUsers.push({ user, roles });
}
