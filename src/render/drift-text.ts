import { DRIFT_KINDS, type DriftReport } from '../report/drift-types.js';
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
      if (w.hint !== undefined) lines.push(`      hint: ${w.hint}`);
    }
    lines.push('');
  }
  lines.push(driftSummaryLine(report));
  return `${lines.join('\n')}\n`;
}
