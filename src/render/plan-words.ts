import { ALL_OPEN_WORDS, plural } from '../model/index.js';
import type { Plan, PlanChange, PlanGroup, PlanGroupMember } from '../plan/types.js';

/**
 * The words every plan view shares, so text and Markdown say the same thing.
 * The summary line is a public contract (golden-tested).
 */

/** `Plan: 3 to assign, 1 to modify, 2 to remove.` or the no-change line. */
export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  if (s.changes === 0) {
    const n = plan.managed.users.length;
    return `No changes. The server matches the desired state for ${n} managed user${n === 1 ? '' : 's'}.`;
  }
  return `Plan: ${s.assign} to assign, ${s.modify} to modify, ${s.remove} to remove.`;
}

/** The symbol of a change: `+` assign, `-` remove, `~` modify. */
export function changeSymbol(change: PlanChange): '+' | '-' | '~' {
  return change.action === 'assign' ? '+' : change.action === 'remove' ? '-' : '~';
}

/** Why a change is planned, when it is not simply the config asking for it. */
export function reasonNote(change: PlanChange): string | undefined {
  if (change.expired !== undefined && change.expired.length > 0) {
    const days = [...new Set(change.expired.map((e) => e.until))].sort().join(', ');
    return `grant ended: until ${days}`;
  }
  return REASON_WORDS[change.reason];
}

/**
 * What a change notes on its line: why it is planned (reasonNote) and, when the access it
 * gives ends (`until:`), that day: `until 2027-04-01`, or `in part until 2027-04-01` when
 * some of its sources do not end (sourceNote marks those that do).
 */
export function changeNote(change: PlanChange): string | undefined {
  const notes = [reasonNote(change), expiringNote(change)].filter((n) => n !== undefined);
  return notes.length === 0 ? undefined : notes.join('; ');
}

function expiringNote(change: PlanChange): string | undefined {
  const ending = change.expiring ?? [];
  if (ending.length === 0) return undefined;
  const days = [...new Set(ending.map((e) => e.until))].sort().join(', ');
  return `${partlyEnding(change) ? 'in part ' : ''}until ${days}`;
}

/** True when some sources of a change with ending grants do not end. */
function partlyEnding(change: PlanChange): boolean {
  const ending = new Set((change.expiring ?? []).map((e) => e.source));
  return ending.size > 0 && change.sources.some((s) => !ending.has(s));
}

/** ` (until 2027-04-01)` after a source that ends, when not every source of the change does. */
export function sourceNote(change: PlanChange, source: string): string {
  if (!partlyEnding(change)) return '';
  const until = change.expiring?.find((e) => e.source === source)?.until;
  return until === undefined ? '' : ` (until ${until})`;
}

/**
 * What `max_removals` counts, broken down so that it adds up beside `N to remove`: each
 * removed role, each role leaving all open projects and each revoked project counts one
 * (`3 roles removed`, `1 role loses all open projects`, `2 projects revoked`).
 */
export function removalParts(plan: Plan): string[] {
  let roles = 0;
  let allOpen = 0;
  let projects = 0;
  for (const { before, after } of plan.changes) {
    if (before === null) continue;
    if (after === null) {
      roles += 1;
      continue;
    }
    if (before.all_open && !after.all_open) allOpen += 1;
    const kept = new Set(after.projects);
    projects += before.projects.filter((p) => !kept.has(p)).length;
  }
  return [
    ...(roles > 0 ? [`${plural(roles, 'role')} removed`] : []),
    ...(allOpen > 0
      ? [`${plural(allOpen, 'role')} lose${allOpen === 1 ? 's' : ''} all open projects`]
      : []),
    ...(projects > 0 ? [`${plural(projects, 'project')} revoked`] : []),
  ];
}

/** The words of the removal limit: `counted against max_removals (limit 25)`. */
export function removalLimit(plan: Plan): string {
  return `counted against max_removals (limit ${plan.safety.max_removals})`;
}

/**
 * The reasons in the words of docs/format.md's ownership table (`desired` needs none).
 * Drift uses them too.
 */
export const REASON_WORDS: Readonly<Record<PlanChange['reason'], string | undefined>> = {
  desired: undefined,
  retired: 'retired role',
  undeclared: 'not in the config',
  'not-declared': 'not declared: holds a role the files own',
  inactive: 'inactive user',
};

/** The detail lines of a modify: what is granted (`+`) and revoked (`-`). */
export function scopeDelta(change: PlanChange): { sign: '+' | '-'; what: string }[] {
  const before = change.before ?? { all_open: false, projects: [] };
  const after = change.after ?? { all_open: false, projects: [] };
  const lines: { sign: '+' | '-'; what: string }[] = [];
  if (!before.all_open && after.all_open) lines.push({ sign: '+', what: ALL_OPEN_WORDS });
  if (before.all_open && !after.all_open) lines.push({ sign: '-', what: ALL_OPEN_WORDS });
  for (const p of after.projects)
    if (!before.projects.includes(p)) lines.push({ sign: '+', what: p });
  for (const p of before.projects)
    if (!after.projects.includes(p)) lines.push({ sign: '-', what: p });
  return lines;
}

/** Changes grouped by user, in the plan's (sorted) order. */
export function changesByUser(plan: Plan): [string, PlanChange[]][] {
  const groups = new Map<string, PlanChange[]>();
  for (const c of plan.changes) groups.set(c.user, [...(groups.get(c.user) ?? []), c]);
  return [...groups];
}

/** `1 to assign, 2 to modify` for one user's changes (zero counts left out). */
export function countsPhrase(changes: readonly PlanChange[]): string {
  const parts = (['assign', 'modify', 'remove'] as const)
    .map((action) => [action, changes.filter((c) => c.action === action).length] as const)
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${n} to ${action}`);
  return parts.join(', ');
}

/** `via ftrack group Lighting`, `via ftrack group FX (sub-group of Lighting)`. */
export function viaPhrase(path: readonly string[]): string {
  const holder = path[path.length - 1] ?? '';
  const parents = path.slice(0, -1).reverse();
  if (parents.length === 0) return `via ftrack group ${holder}`;
  return `via ftrack group ${holder} (${parents.map((p) => `sub-group of ${p}`).join(', ')})`;
}

/** Why a member is in: every membership, and whether the user is ignored. */
export function memberReason(member: PlanGroupMember): string {
  const via = member.via.map(viaPhrase).join('; ');
  return member.ignored === true ? `${via}; ignored (ignore_users): never changed` : via;
}

/** `lighting ← ftrack group Lighting and its sub-groups: 3 members`. */
export function groupHeading(group: PlanGroup): string {
  const n = group.members.length;
  const subgroups = group.include_subgroups ? ' and its sub-groups' : '';
  return `${group.group} ← ftrack group ${group.ftrack_group}${subgroups}: ${n} member${n === 1 ? '' : 's'}`;
}

/**
 * A change's source, followed by how the user is in the group when the group reads its
 * members from ftrack: `groups.yaml:16:7 (group lighting) via ftrack group Lighting`.
 */
export function sourceWithVia(plan: Plan, change: PlanChange, source: string): string {
  const group = /\(group (.+)\)$/.exec(source)?.[1];
  if (group === undefined || plan.groups === undefined) return source;
  const member = plan.groups
    .find((g) => g.group === group)
    ?.members.find((m) => m.user === change.user);
  return member === undefined ? source : `${source} ${member.via.map(viaPhrase).join('; ')}`;
}
