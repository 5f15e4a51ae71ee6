import type { Diagnostic, Severity } from '../diagnostics/index.js';
import { formatSourceRef } from '../model/index.js';
import { summarizeDiagnostics } from './diagnostics.js';
import { code, escapeText as escapeMarkdown } from './markdown-text.js';
import type { Renderer } from './options.js';
import { MARKDOWN_MAX_LENGTH, renderPlanMarkdown } from './plan-markdown.js';
import type { PlanRun } from './plan-run.js';

/** Room kept for the note saying what was left out. */
const NOTE_RESERVE = 300;
/** A refused plan is shown below its errors only when at least this much room is left. */
const PLAN_MIN_ROOM = 2_000;

const SECTIONS: readonly [Severity, string][] = [
  ['error', 'Errors'],
  ['warning', 'Warnings'],
  ['info', 'Notes'],
];

/**
 * `plan --format markdown`: the plan comment (renderPlanMarkdown) when the run succeeded;
 * when it failed, still one comment, so that a job can post it where the reviewer looks:
 * what failed, every diagnostic (file:line:col, code, message, detail, hint) and, for a
 * plan refused by a safety rule, the plan itself. Never longer than `maxLength`.
 */
export const renderPlanRunMarkdown: Renderer<PlanRun> = (run, options) => {
  if (run.failure === null && run.plan !== null) return renderPlanMarkdown(run.plan, options);
  const limit = options.maxLength ?? MARKDOWN_MAX_LENGTH;
  const refused = run.failure?.kind === 'refused';
  const head = [
    `### ftrack-roles plan: ${refused ? 'refused by a safety rule' : 'failed'}`,
    '',
    `**${escapeText(run.failure?.message ?? 'The plan failed.')}**`,
    '',
    run.diagnostics.length > 0
      ? `${summarizeDiagnostics(run.diagnostics, run.files.length)}.`
      : 'See the job log for details.',
    '',
    '',
  ].join('\n');
  const items = SECTIONS.flatMap(([severity, title]) => {
    const of = run.diagnostics.filter((d) => d.severity === severity);
    return of.length === 0 ? [] : [`#### ${title}\n\n`, ...of.map(item), '\n'];
  });
  let out = head;
  let left = items.filter((i) => i.startsWith('- ')).length;
  for (const text of items) {
    if (out.length + text.length > limit - NOTE_RESERVE) break;
    out += text;
    if (text.startsWith('- ')) left -= 1;
  }
  if (left > 0) {
    out += `\n> [!NOTE]\n> ${left} more ${left === 1 ? 'problem' : 'problems'} not shown to fit one comment (${limit} characters): the job log has them all.\n\n`;
  }
  const room = limit - out.length;
  if (refused && run.plan !== null) {
    out +=
      room >= PLAN_MIN_ROOM
        ? renderPlanMarkdown(run.plan, { ...options, maxLength: room })
        : 'The refused plan does not fit in this comment: the job log has it.\n';
  }
  return `${out.trimEnd()}\n`;
};

/** One diagnostic as a list item: where, code, summary; the detail and hint nested below. */
function item(d: Diagnostic): string {
  const where = d.source === undefined ? '' : ` at ${code(formatSourceRef(d.source))}`;
  const lines = [`- **${escapeText(d.code)}**${where}: ${escapeText(d.summary)}`];
  if (d.detail !== undefined) lines.push(`  - ${escapeText(d.detail)}`);
  if (d.hint !== undefined) lines.push(`  - Hint: ${escapeText(d.hint)}`);
  return `${lines.join('\n')}\n`;
}

/** Plain text on one line of a list item (markdown-text.ts, line breaks as spaces). */
function escapeText(text: string): string {
  return escapeMarkdown(text).replace(/\r?\n/g, ' ');
}
