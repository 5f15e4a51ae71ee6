import { REASON_WORDS } from './plan-words.js';
import { describeScope, type Scope } from '../model/index.js';
import type {
  DriftDifference,
  DriftKind,
  DriftReport,
  UnmanagedUser,
} from '../report/drift-types.js';

/** The words the drift views share, so text and Markdown say the same thing. */

export const KIND_TITLES: Readonly<Record<DriftKind, string>> = {
  'not-applied': 'Not applied (desired, missing on the server)',
  'changed-on-server': 'Changed on the server (held, not desired)',
  'inactive-user': 'Inactive users (differences of users inactive on the server)',
  'unknown-user': 'Unknown users (declared, not on the server)',
  'closed-project': 'Closed projects (differences on projects that are not active)',
  'deleted-project': 'Deleted projects (named in the config, not on the server)',
};

const KIND_COUNTS: Readonly<Record<DriftKind, [string, string]>> = {
  'not-applied': ['not applied', 'not applied'],
  'changed-on-server': ['changed on the server', 'changed on the server'],
  'inactive-user': ['about an inactive user', 'about inactive users'],
  'unknown-user': ['unknown user', 'unknown users'],
  'closed-project': ['on a closed project', 'on closed projects'],
  'deleted-project': ['about a deleted project', 'about deleted projects'],
};

/** `Drift: 4 not applied, 2 changed on the server.` or the in-sync line. */
export function driftSummaryLine(report: DriftReport): string {
  if (report.in_sync) {
    const n = report.managed_users;
    return `No drift. The server matches the desired state for ${n} managed user${n === 1 ? '' : 's'}.`;
  }
  const parts = (Object.keys(KIND_COUNTS) as DriftKind[])
    .map((kind) => [kind, report.differences.filter((d) => d.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${KIND_COUNTS[kind][n === 1 ? 0 : 1]}`);
  return `Drift: ${parts.join(', ')}.`;
}

/** `2 unmanaged users hold roles (information, not drift).` */
export function unmanagedLine(report: DriftReport): string {
  const n = report.unmanaged.length;
  return `${n} unmanaged user${n === 1 ? ' holds' : 's hold'} roles (information, not drift).`;
}

/** The differences of one kind, in report order. */
export function differencesOf(report: DriftReport, kind: DriftKind): DriftDifference[] {
  return report.differences.filter((d) => d.kind === kind);
}

function parts(scope: Scope | null, sign: '+' | '-'): string[] {
  if (scope === null) return [];
  return [...(scope.all_open ? ['all open projects'] : []), ...scope.projects].map(
    (what) => `${sign} ${what}`,
  );
}

/** What differs, e.g. `+ all open projects, - ember (not in the config)`. */
export function describeDifference(d: DriftDifference): string {
  if (d.kind === 'unknown-user') return 'declared in the config; the server has no such user';
  const projects = d.missing?.projects ?? [];
  if (d.kind === 'deleted-project') {
    const one = projects.length === 1;
    return `${one ? 'project' : 'projects'} ${projects.join(', ')} ${one ? 'does' : 'do'} not exist on the server`;
  }
  const words = [...parts(d.missing, '+'), ...parts(d.extra, '-')];
  if (words.length === 0)
    words.push(d.action === 'assign' ? '+ held on no project' : '- held on no project');
  const ended = [...new Set((d.expired ?? []).map((e) => e.until))];
  const note =
    ended.length > 0
      ? `ended ${ended.join(', ')}`
      : d.action === 'assign'
        ? 'role not held'
        : d.action === 'remove'
          ? d.reason === 'undeclared' || d.reason === null
            ? 'role not in the config'
            : REASON_WORDS[d.reason]
          : undefined;
  return `${words.join(', ')}${note === undefined ? '' : ` (${note})`}`;
}

/** `ana / User` or `ana` for a whole user. */
export function subject(d: DriftDifference): string {
  return d.role === null ? d.user : `${d.user} / ${d.role}`;
}

/** `svc-access (ignored, inactive)`. */
export function unmanagedLabel(u: UnmanagedUser): string {
  const tags = [...(u.ignored ? ['ignored'] : []), ...(u.active ? [] : ['inactive'])];
  return tags.length === 0 ? u.user : `${u.user} (${tags.join(', ')})`;
}

/** `Administrator: all open projects; User: harbor`. */
export function unmanagedRoles(u: UnmanagedUser): string {
  return u.roles.map((r) => `${r.role}: ${describeScope(r.scope)}`).join('; ');
}
