import { DRIFT_KINDS, type DriftReport } from '../report/drift-types.js';
import {
  KIND_TITLES,
  describeDifference,
  differencesOf,
  driftSummaryLine,
  unmanagedLabel,
  unmanagedLine,
  unmanagedRoles,
} from './drift-words.js';
import { code, escapeCell } from './markdown-text.js';
import type { RenderOptions } from './options.js';
import { plural } from '../model/index.js';

/** GitHub's limit for one comment body is 65,536 characters; we keep a margin. */
export const DRIFT_MARKDOWN_MAX_LENGTH = 65_000;
const NOTE_RESERVE = 300;

/**
 * The drift report as Markdown (an issue or a chat message from a cron job): the summary
 * line, a table of counts per kind, a table per kind, the unmanaged users in a collapsible
 * section. Never longer than `maxLength`: rows that do not fit are left out with a note.
 */
export function renderDriftMarkdown(report: DriftReport, options: RenderOptions = {}): string {
  const maxLength = options.maxLength ?? DRIFT_MARKDOWN_MAX_LENGTH;
  const lines = [
    '### ftrack-roles drift',
    '',
    `**${driftSummaryLine(report)}**`,
    '',
    `Server ${code(report.server)} · API user ${code(report.api_user)} · ${report.managed_users} managed users`,
    '',
  ];
  const kinds = DRIFT_KINDS.filter((k) => differencesOf(report, k).length > 0);
  if (kinds.length > 0) {
    lines.push('| Kind | Differences |', '|---|---:|');
    for (const kind of kinds)
      lines.push(`| ${KIND_TITLES[kind]} | ${differencesOf(report, kind).length} |`);
    lines.push('');
  }
  const rows: string[][] = [];
  for (const kind of kinds) {
    const block = [
      `#### ${KIND_TITLES[kind]}`,
      '',
      '| User | Role | Difference | Sources |',
      '|---|---|---|---|',
    ];
    rows.push(block);
    for (const d of differencesOf(report, kind)) {
      const sources = d.sources.map(code).join('<br>');
      rows.push([
        `| ${escapeCell(d.user)} | ${escapeCell(d.role ?? '—')} | ${escapeCell(describeDifference(d))} | ${sources} |`,
      ]);
    }
    rows.push(['']);
  }
  if (report.unmanaged.length > 0) {
    rows.push([
      `<details><summary>${unmanagedLine(report)}</summary>`,
      '',
      '| User | Roles |',
      '|---|---|',
    ]);
    for (const u of report.unmanaged)
      rows.push([`| ${escapeCell(unmanagedLabel(u))} | ${escapeCell(unmanagedRoles(u))} |`]);
    rows.push(['', '</details>', '']);
  }
  if (report.warnings.length > 0) {
    rows.push(['#### Warnings', '']);
    for (const w of report.warnings) {
      const at = w.source === undefined ? '' : `${code(w.source)}: `;
      rows.push([`- ${code(w.code)} ${at}${escapeCell(w.summary)}`]);
    }
  }
  return fit(lines.join('\n'), rows, maxLength);
}

function fit(head: string, rows: string[][], limit: number): string {
  let out = `${head}\n`;
  let shown = 0;
  for (const row of rows) {
    const text = `${row.join('\n')}\n`;
    if (out.length + text.length > limit - NOTE_RESERVE) break;
    out += text;
    shown += 1;
  }
  if (shown === rows.length) return `${out.trimEnd()}\n`;
  const note = `\n> [!NOTE]\n> Truncated to fit ${limit} characters: ${plural(rows.length - shown, 'more row', 'more rows')} not shown. \`ftrack-roles drift --format json\` has everything.\n`;
  return (out + note).slice(0, limit);
}
