import { unambiguous } from '../model/confusable.js';
import { describeScope, plural } from '../model/index.js';
import { changesDigest } from '../plan/changes-digest.js';
import type { Plan, PlanChange, PlanGroup } from '../plan/types.js';
import { code, escapeCell, escapeHtml, escapeText } from './markdown-text.js';
import type { RenderOptions } from './options.js';
import {
  changeSymbol,
  changesByUser,
  countsPhrase,
  groupHeading,
  memberReason,
  changeNote,
  removalLimit,
  removalParts,
  scopeDelta,
  sourceNote,
  sourceWithVia,
  summaryLine,
} from './plan-words.js';

/** GitHub's limit for one comment body is 65,536 characters; we keep a margin. */
export const MARKDOWN_MAX_LENGTH = 65_000;
const NOTE_RESERVE = 400;

/**
 * The plan as one pull-request comment: the summary line, a table of the changes per
 * user, then each user's changes in a collapsible `<details>` section (a `diff` block),
 * and the warnings. Never longer than `maxLength` (default 65,000): what does not fit is
 * left out with a note saying how much.
 */
export function renderPlanMarkdown(plan: Plan, options: RenderOptions = {}): string {
  const limit = options.maxLength ?? MARKDOWN_MAX_LENGTH;
  const digest = changesDigest(plan);
  const head = [
    '### ftrack-roles plan',
    '',
    `**${summaryLine(plan)}**`,
    '',
    `Server ${code(plan.server)} · API user ${code(plan.api_user)} · ${plural(plan.managed.users.length, 'managed user')} · ${removalsPhrase(plan)}`,
    '',
    // What `apply --reviewed` checks; the marker lets a CI job find it in the comment.
    `Changes digest ${code(digest)} <!-- ftrack-roles-changes-digest: ${digest} -->`,
    '',
  ].join('\n');
  const blocks: Block[] = [];
  const byUser = changesByUser(plan);
  if (byUser.length > 0) {
    blocks.push({ text: '| User | Assign | Modify | Remove |\n|---|---:|---:|---:|\n' });
    for (const [user, changes] of byUser)
      blocks.push({ text: tableRow(user, changes), kind: 'row' });
    blocks.push({ text: '\n' });
    for (const [user, changes] of byUser) {
      blocks.push({ text: userDetails(plan, user, changes), kind: 'details' });
    }
  }
  for (const group of plan.groups ?? []) blocks.push({ text: groupDetails(group), kind: 'group' });
  const warnings: Block[] = [];
  if (plan.warnings.length > 0) {
    warnings.push({ text: '#### Warnings\n\n' });
    for (const w of plan.warnings) {
      const at = w.source ? `${code(w.source)}: ` : '';
      warnings.push({ text: `- ${code(w.code)} ${at}${escapeText(w.summary)}\n`, kind: 'warning' });
    }
  }
  return fitBlocks(head, blocks, limit, warnings);
}

interface Block {
  text: string;
  kind?: 'row' | 'details' | 'group' | 'warning';
}

/** What was left out, in the singular and the plural. */
const OMITTED_WORDS = {
  row: ['table row', 'table rows'],
  details: ["user's details", "users' details"],
  group: ['ftrack group member list', 'ftrack group member lists'],
  warning: ['warning', 'warnings'],
} as const;

/**
 * Adds blocks in order while they fit, then the tail (the warnings), then a note saying
 * what was left out. The tail is kept whole when it takes at most half the limit (a large
 * plan's own warning, FR415, must not be cut); a longer one is cut like the other blocks.
 */
function fitBlocks(head: string, body: Block[], limit: number, tail: Block[]): string {
  const tailText = tail.map((b) => b.text).join('');
  const keepTail = tailText.length <= limit / 2;
  const blocks = keepTail ? body : [...body, ...tail];
  const room = limit - NOTE_RESERVE - (keepTail ? tailText.length : 0);
  let out = `${head}\n`;
  let shown = 0;
  for (const block of blocks) {
    if (out.length + block.text.length > room) break;
    out += block.text;
    shown += 1;
  }
  if (keepTail) out += tailText;
  if (shown === blocks.length) return `${out.trimEnd()}\n`;
  const left = blocks.slice(shown);
  const missing = (['row', 'details', 'group', 'warning'] as const)
    .map((kind) => [left.filter((b) => b.kind === kind).length, OMITTED_WORDS[kind]] as const)
    .filter(([n]) => n > 0)
    .map(([n, [one, many]]) => plural(n, one, many));
  const note = `\n> [!NOTE]\n> Truncated to fit one comment (${limit} characters): ${missing.join(', ')} not shown. The JSON plan has everything (\`ftrack-roles plan --out plan.json\`).\n`;
  return (out + note).slice(0, limit);
}

function tableRow(user: string, changes: PlanChange[]): string {
  const n = (action: PlanChange['action']) => changes.filter((c) => c.action === action).length;
  return `| ${escapeCell(unambiguous(user))} | ${n('assign')} | ${n('modify')} | ${n('remove')} |\n`;
}

function userDetails(plan: Plan, user: string, changes: PlanChange[]): string {
  const lines = [
    `<details><summary><strong>${escapeHtml(unambiguous(user))}</strong>: ${countsPhrase(changes)}</summary>`,
    '',
    '```diff',
  ];
  for (const change of changes) {
    const symbol = changeSymbol(change);
    const note = changeNote(change);
    const scope =
      change.action === 'modify'
        ? `${describeScope(change.before)} → ${describeScope(change.after)}`
        : describeScope(change.action === 'assign' ? change.after : change.before);
    lines.push(
      fence(
        `${symbol === '~' ? '!' : symbol} ${unambiguous(change.role)}: ${scope}${note ? ` (${note})` : ''}`,
      ),
    );
    if (change.action === 'modify') {
      for (const d of scopeDelta(change)) lines.push(fence(`${d.sign}     ${d.what}`));
    }
    for (const source of change.sources) {
      lines.push(
        fence(`#     from ${sourceWithVia(plan, change, source)}${sourceNote(change, source)}`),
      );
    }
  }
  lines.push('```', '', '</details>', '');
  return `${lines.join('\n')}\n`;
}

/** A config group read from an ftrack group: its members and why each is in. */
function groupDetails(group: PlanGroup): string {
  const lines = [
    `<details><summary>Group <strong>${escapeHtml(groupHeading(group))}</strong></summary>`,
    '',
    `Read from ${code(group.source)}.`,
    '',
    ...group.members.map((m) => `- ${code(m.user)} ${escapeText(memberReason(m))}`),
    '',
    '</details>',
    '',
  ];
  return `${lines.join('\n')}\n`;
}

/** `4 removals counted against max_removals (limit 25): 3 roles removed, …`. */
function removalsPhrase(plan: Plan): string {
  const parts = removalParts(plan);
  const breakdown = parts.length === 0 ? '' : `: ${parts.join(', ')}`;
  return `${plural(plan.summary.removals, 'removal')} ${removalLimit(plan)}${breakdown}`;
}

/** Keeps a line from closing the diff fence. */
function fence(line: string): string {
  return line.replace(/```/g, "'''");
}
