import { describeScope } from '../model/index.js';
import type {
  Explanation,
  ExplainItem,
  ExplainRole,
  ExplainSource,
  ItemStatus,
  ProjectAccess,
  ProjectExplanation,
  UserExplanation,
} from '../report/explain-types.js';
import type { Standing } from '../report/explain-standing.js';

const SYMBOLS: Readonly<Record<ItemStatus, string>> = {
  'in-sync': '=',
  missing: '+',
  extra: '-',
  'no-effect': '~',
  unmanaged: '*',
  kept: '*',
  'unknown-project': '?',
  'no-match': '?',
};

const NOTES: Readonly<Record<ItemStatus, string>> = {
  'in-sync': '',
  missing: 'desired, missing on the server',
  extra: 'on the server, not desired',
  'no-effect': 'no effect: all open projects covers it',
  unmanaged: 'on the server; left alone',
  kept: 'on the server, not desired; kept: the role is additive',
  'unknown-project': 'the server has no such project',
  'no-match': 'the glob matches no project',
};

const LEGEND =
  'Legend: = in sync, + desired but missing on the server, - on the server but not desired, ~ no effect, * left alone, ? unknown';

/** The text view of an explanation: a user's roles, or who can reach a project. */
export function renderExplainText(view: Explanation): string {
  return view.kind === 'user' ? renderUserText(view) : renderProjectText(view);
}

/** The user's standing, in the words of docs/format.md's ownership table. */
/** The words of the table in docs/format.md ("Ownership"), one per kind of user. */
const STANDING: Readonly<Record<Standing, string>> = {
  declared: 'declared: ends with exactly the desired roles',
  baseline: 'baseline member (members: all-active only): the roles the files own are managed',
  'not-declared': 'undeclared holder of an owned role',
  unmentioned: 'holder of an unmentioned role (only roles the files never mention): not managed',
  'inactive-kept': 'inactive, inactive_users: keep: never changed',
  ignored: 'ignored (ignore_users): never changed',
  'api-user': 'API user, not declared: never changed',
  'service-account': 'service account (ftrack user type service), not declared: never changed',
  'not-on-server': 'not on the server',
};

function userStatus(view: UserExplanation): string {
  if (!view.on_server) return 'not on the server';
  const state = view.active === true ? 'active' : 'inactive';
  const owned =
    view.standing === 'not-declared'
      ? view.managed
        ? ': the plan removes it'
        : ', left alone: manage: declared'
      : '';
  return `${state} on the server, ${STANDING[view.standing]}${owned}`;
}

function renderUserText(view: UserExplanation): string {
  const lines = [`User ${view.user}: ${userStatus(view)}`, `Server: ${view.server}`];
  if (view.declared_at.length > 0) lines.push(`Declared at: ${view.declared_at.join(', ')}`);
  if (view.groups.length > 0) lines.push(`Groups: ${view.groups.join(', ')}`);
  lines.push(LEGEND, '');
  for (const role of view.roles) lines.push(...roleLines(role), '');
  lines.push(userSummary(view));
  return `${lines.join('\n')}\n`;
}

function userSummary(view: UserExplanation): string {
  const s = view.summary;
  const roles = `${s.roles} role${s.roles === 1 ? '' : 's'}`;
  if (s.roles === 0) return `${view.user}: no role desired or held.`;
  if (!view.managed) return `${view.user}: ${roles}, not managed: plan and apply leave them alone.`;
  return `${view.user}: ${roles}, ${s.in_sync} in sync, ${s.differences} differ${s.differences === 1 ? 's' : ''}.`;
}

function roleLines(role: ExplainRole): string[] {
  const ended = (role.change?.expired ?? []).map((e) => `ended ${e.until} at ${e.source}`);
  const why = role.change === null ? '' : [role.change.reason, ...ended].join('; ');
  const change = role.change === null ? '' : `; plan: ${role.change.action} (${why})`;
  const state = role.in_sync
    ? 'in sync'
    : role.managed || role.change !== null
      ? 'differs'
      : role.additive
        ? 'differs, kept (additive)'
        : 'not managed';
  const lines = [
    `${role.role}: ${state}${change}`,
    `  desired: ${role.desired === null ? 'not desired' : describeScope(role.desired)}`,
    `  server:  ${describeScope(role.current)}`,
  ];
  for (const item of role.items) lines.push(...itemLines(item));
  return lines;
}

function itemLines(item: ExplainItem): string[] {
  const what = item.project ?? 'all open projects';
  const note = NOTES[item.status];
  const lines = [`  ${SYMBOLS[item.status]} ${what}${note === '' ? '' : `  (${note})`}`];
  for (const s of item.sources) lines.push(`      ${sourceText(s)}`);
  return lines;
}

function sourceText(s: ExplainSource): string {
  return s.pattern === undefined ? `from ${s.source}` : `from ${s.source} via "${s.pattern}"`;
}

function projectStatus(view: ProjectExplanation): string {
  const p = view.project;
  if (!p.exists) return 'not on the server';
  const reach =
    p.private === true ? 'private (explicit grants only)' : 'open (all-open holders reach it)';
  return `"${p.full_name ?? ''}", ${reach}, status ${p.status === '' ? 'unknown' : (p.status ?? '')}`;
}

function renderProjectText(view: ProjectExplanation): string {
  const lines = [
    `Project ${view.project.name}: ${projectStatus(view)}`,
    `Server: ${view.server}`,
    LEGEND,
    '',
  ];
  for (const row of view.access) lines.push(...accessLines(row));
  if (view.access.length > 0) lines.push('');
  const s = view.summary;
  lines.push(
    `${view.project.name}: ${s.users_current} user${s.users_current === 1 ? '' : 's'} reach it on the server, ${s.users_desired} by the config; ${s.differences} difference${s.differences === 1 ? '' : 's'}.`,
  );
  return `${lines.join('\n')}\n`;
}

function accessLines(row: ProjectAccess): string[] {
  const note = NOTES[row.status];
  const who =
    row.active === false
      ? `${row.user} (inactive)`
      : row.active === null
        ? `${row.user} (not on the server)`
        : row.user;
  const lines = [`${SYMBOLS[row.status]} ${who} / ${row.role}${note === '' ? '' : `  (${note})`}`];
  if (row.desired) {
    for (const v of row.desired_via) {
      lines.push(
        `    desired: ${v.all_open ? 'all open projects' : 'this project'} ${sourceText(v)}`,
      );
    }
  }
  if (row.current) {
    const how = row.current_via.map((v) =>
      v === 'all-open' ? 'all open projects' : 'explicit grant',
    );
    lines.push(`    server:  ${how.join(' and ')}`);
  }
  return lines;
}
