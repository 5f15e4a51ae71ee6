import { ALL_OPEN_WORDS } from '../model/index.js';
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
