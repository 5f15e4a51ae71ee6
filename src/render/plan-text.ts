import { unambiguous } from '../model/confusable.js';
import { describeScope } from '../model/index.js';
import type { Plan, PlanChange } from '../plan/types.js';
import type { RenderOptions } from './options.js';
import {
  changeNote,
  changeSymbol,
  changesByUser,
  groupHeading,
  memberReason,
  removalLimit,
  removalParts,
  scopeDelta,
  sourceNote,
  sourceWithVia,
  summaryLine,
} from './plan-words.js';

const ANSI = {
  green: '\u001b[32m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  dim: '\u001b[2m',
  bold: '\u001b[1m',
  reset: '\u001b[0m',
};
type Paint = (style: keyof typeof ANSI, text: string) => string;

/**
 * The human view of a plan: changes grouped by user with `+` (assign), `-` (remove) and
 * `~` (modify) lines, the projects granted and revoked, the sources, and a final summary
 * line such as `Plan: 3 to assign, 1 to modify, 2 to remove.`
 */
export function renderPlanText(plan: Plan, options: RenderOptions = {}): string {
  const paint: Paint =
    options.color === true ? (s, t) => `${ANSI[s]}${t}${ANSI.reset}` : (_s, t) => t;
  const lines = [
    `Server:        ${plan.server}`,
    `API user:      ${plan.api_user}`,
    `Managed users: ${plan.managed.users.length}`,
    '',
  ];
  if (plan.changes.length > 0) {
    lines.push('Changes (+ assign, - remove, ~ modify):', '');
    for (const [user, changes] of changesByUser(plan)) {
      lines.push(paint('bold', unambiguous(user)));
      for (const change of changes) lines.push(...changeLines(plan, change, paint));
      lines.push('');
    }
    const parts = removalParts(plan);
    const breakdown = parts.length === 0 ? '' : ` (${parts.join(', ')})`;
    lines.push(`Removals ${removalLimit(plan)}: ${plan.summary.removals}${breakdown}`, '');
  }
  lines.push(...groupLines(plan, paint));
  lines.push(paint('bold', summaryLine(plan)));
  return `${lines.join('\n')}\n`;
}

/** The config groups whose members were read from ftrack groups, and why each is in. */
function groupLines(plan: Plan, paint: Paint): string[] {
  if (plan.groups === undefined || plan.groups.length === 0) return [];
  const lines = ['Members read from ftrack groups:', ''];
  for (const group of plan.groups) {
    lines.push(
      `  ${paint('bold', groupHeading(group))}`,
      paint('dim', `      from ${group.source}`),
    );
    const width = Math.max(0, ...group.members.map((m) => m.user.length));
    for (const member of group.members) {
      lines.push(`    ${member.user.padEnd(width)}  ${memberReason(member)}`);
    }
  }
  lines.push('');
  return lines;
}

function changeLines(plan: Plan, change: PlanChange, paint: Paint): string[] {
  const symbol = changeSymbol(change);
  const style = symbol === '+' ? 'green' : symbol === '-' ? 'red' : 'yellow';
  const note = changeNote(change);
  const scope =
    change.action === 'modify'
      ? `${describeScope(change.before)} → ${describeScope(change.after)}`
      : describeScope(change.action === 'assign' ? change.after : change.before);
  const lines = [
    paint(style, `  ${symbol} ${unambiguous(change.role)}: ${scope}${note ? ` (${note})` : ''}`),
  ];
  if (change.action === 'modify') {
    for (const d of scopeDelta(change)) {
      lines.push(paint(d.sign === '+' ? 'green' : 'red', `      ${d.sign} ${d.what}`));
    }
  }
  for (const source of change.sources) {
    const from = `${sourceWithVia(plan, change, source)}${sourceNote(change, source)}`;
    lines.push(paint('dim', `      from ${from}`));
  }
  return lines;
}
