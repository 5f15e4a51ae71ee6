import { listed, plural } from '../model/index.js';
import type { AdoptReport } from '../report/adopt-types.js';

/**
 * The text views of `adopt`: the change as one unified diff (stdout: `git apply` and
 * `patch -p1` take it as is), and what was left alone and why, with the summary (stderr).
 */
export function renderAdoptText(report: AdoptReport): string {
  return report.files.map((file) => file.patch).join('');
}

/** The lines about what adopt did not adopt, and its summary line. */
export function renderAdoptNotes(report: AdoptReport): string {
  const lines: string[] = [];
  if (report.not_adopted.length > 0) {
    lines.push(`Not adopted (${report.not_adopted.length}):`);
    for (const s of report.not_adopted) {
      lines.push(`  ${s.role === null ? s.user : `${s.user} / ${s.role}`}: ${s.summary}`);
      for (const source of s.sources) lines.push(`      from ${source}`);
      lines.push(`      hint: ${s.hint}`);
    }
    lines.push('');
  }
  if (report.notes.length > 0) {
    lines.push('Also changed by this change:');
    for (const n of report.notes) {
      lines.push(`  ${n.role === null ? n.user : `${n.user} / ${n.role}`}: ${n.summary}`);
    }
    lines.push('');
  }
  lines.push(adoptSummaryLine(report));
  return `${lines.join('\n')}\n`;
}

function adoptSummaryLine(report: AdoptReport): string {
  const { changes, users, files, not_adopted } = report.summary;
  const left = not_adopted === 0 ? '' : ` ${not_adopted} not adopted (listed above).`;
  if (changes === 0) {
    return not_adopted === 0
      ? 'Nothing to adopt: the files and the server agree.'
      : `Nothing to adopt:${left}`;
  }
  const what = `${plural(changes, 'change')} for ${plural(users, 'user')}`;
  if (report.written) {
    const paths = listed(report.files.map((f) => f.path));
    return `Adopt: wrote ${what} to ${plural(files, 'file')} (${paths}).${left}`;
  }
  return `Adopt: ${what} in ${plural(files, 'file')}, shown above, not written; run again with --write to write ${changes === 1 ? 'it' : 'them'}.${left}`;
}
