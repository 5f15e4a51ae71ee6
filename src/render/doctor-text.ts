import { DOCTOR_CHECKS, type DoctorReport, type DoctorStatus } from '../report/doctor-types.js';
import type { RenderOptions } from './options.js';

/** The mark of each status, all as wide, so the names line up. */
const MARKS: Readonly<Record<DoctorStatus, string>> = {
  ok: 'ok   ',
  warning: 'WARN ',
  error: 'ERROR',
  info: 'info ',
  skipped: 'skip ',
};

const COLORS: Readonly<Record<DoctorStatus, number | undefined>> = {
  ok: 32,
  warning: 33,
  error: 31,
  info: 36,
  skipped: 2,
};

const NAME_WIDTH = Math.max(...DOCTOR_CHECKS.map((id) => id.length));

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The text view of a doctor report: a heading, one line per check (a mark, the check's
 * name, what was found), its hint indented below, and a final line such as
 * `Ready: 12 ok, 1 warning, 5 info (exit 0).`
 */
export function renderDoctorText(report: DoctorReport, options: RenderOptions = {}): string {
  const paint = (status: DoctorStatus, text: string) => {
    const code = COLORS[status];
    return options.color === true && code !== undefined ? `\u001b[${code}m${text}\u001b[0m` : text;
  };
  const who = report.api_user === null ? '' : ` as ${report.api_user}`;
  const lines = [`ftrack-roles doctor: ${report.server ?? '(no server)'}${who}`, ''];
  const indent = ' '.repeat(MARKS.ok.length + NAME_WIDTH + 2);
  for (const check of report.checks) {
    lines.push(
      `${paint(check.status, MARKS[check.status])} ${check.id.padEnd(NAME_WIDTH)} ${check.summary}`,
    );
    if (check.hint !== undefined) lines.push(`${indent}hint: ${check.hint}`);
  }
  const { summary } = report;
  const counts = [
    `${summary.ok} ok`,
    ...(summary.warning > 0 ? [plural(summary.warning, 'warning')] : []),
    ...(summary.error > 0 ? [plural(summary.error, 'error')] : []),
    ...(summary.info > 0 ? [`${summary.info} info`] : []),
    ...(summary.skipped > 0 ? [`${summary.skipped} skipped`] : []),
  ].join(', ');
  const errors = report.checks.filter((c) => c.status === 'error').map((c) => c.id);
  lines.push(
    '',
    report.ready
      ? `Ready: ${counts} (exit 0).`
      : `Not ready: ${counts}; fix ${errors.join(', ')} (exit 1).`,
  );
  return `${lines.join('\n')}\n`;
}
