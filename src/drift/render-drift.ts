import { DRIFT_KINDS, type DriftReport } from './types.js';
import {
  KIND_TITLES,
  describeDifference,
  differencesOf,
  driftSummaryLine,
  subject,
  unmanagedLabel,
  unmanagedLine,
  unmanagedRoles,
} from './drift-words.js';
import { renderDriftMarkdown } from './render-drift-markdown.js';

export const DRIFT_FORMATS = ['text', 'json', 'markdown'] as const;
export type DriftFormat = (typeof DRIFT_FORMATS)[number];

export interface DriftRenderOptions {
  /** Markdown: the size limit of one comment (default 65,000 characters). */
  maxLength?: number;
}

/** The drift report as stable JSON (keys in the order of the type). */
export function renderDriftJson(report: DriftReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The human view: differences grouped by kind, then unmanaged users and warnings. */
export function renderDriftText(report: DriftReport): string {
  const lines = [
    'Drift report',
    `Server:        ${report.server}`,
    `API user:      ${report.api_user}`,
    `Managed users: ${report.managed_users}`,
    '',
  ];
  for (const kind of DRIFT_KINDS) {
    const list = differencesOf(report, kind);
    if (list.length === 0) continue;
    lines.push(`${KIND_TITLES[kind]}: ${list.length}`);
    for (const d of list) {
      lines.push(`  ${subject(d)}: ${describeDifference(d)}`);
      for (const source of d.sources) lines.push(`      from ${source}`);
    }
    lines.push('');
  }
  if (report.unmanaged.length > 0) {
    lines.push(unmanagedLine(report));
    for (const u of report.unmanaged) lines.push(`  ${unmanagedLabel(u)}: ${unmanagedRoles(u)}`);
    lines.push('');
  }
  if (report.warnings.length > 0) {
    lines.push('Warnings:');
    for (const w of report.warnings) {
      lines.push(`  ${w.code} ${w.source === undefined ? '' : `${w.source}: `}${w.summary}`);
    }
    lines.push('');
  }
  lines.push(driftSummaryLine(report));
  return `${lines.join('\n')}\n`;
}

/** Renders a drift report in one of the formats. */
export function renderDrift(
  report: DriftReport,
  format: DriftFormat,
  options: DriftRenderOptions = {},
): string {
  if (format === 'json') return renderDriftJson(report);
  if (format === 'markdown') return renderDriftMarkdown(report, options.maxLength);
  return renderDriftText(report);
}
