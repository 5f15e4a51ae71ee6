import { listed, plural } from '../model/index.js';
import type { ExportModel, WrittenExport } from '../report/index.js';

/** The lines `export` writes on stderr: what it exported, left out and did to files. */

/** What the write did beyond writing: removed, kept and overwritten files, other files. */
export function writtenNotes(dir: string, written: WrittenExport): string {
  const lines: string[] = [];
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  if (written.removed.length > 0) {
    lines.push(
      `Removed ${n(written.removed.length, 'file')} of an earlier export that this one replaces: ${listed(written.removed)}.`,
    );
  }
  if (written.kept.length > 0) {
    lines.push(
      `Kept ${n(written.kept.length, 'file')} of an earlier export (with --users nothing is removed): ${listed(written.kept)}; a user in two files is an error (FR301).`,
    );
  }
  if (written.overwrittenOwn.length > 0) {
    lines.push(
      `Overwrote ${listed(written.overwrittenOwn)}, which did not start with the export header.`,
    );
  }
  if (written.others.length > 0) {
    lines.push(
      `Note: ${dir} also holds ${listed(written.others)}; plan reads every YAML file of the directory.`,
    );
  }
  return lines.map((line) => `${line}\n`).join('');
}

export function exportSummary(model: ExportModel, out: string | undefined, files = 1): string {
  const n = model.users.length;
  const where = out === undefined ? '' : ` to ${out} (${plural(files, 'file')})`;
  const lines = [
    `Exported ${plural(n, 'user')} and ${plural(model.roles.length, 'role')}${where}.`,
  ];
  if (model.skipped.length > 0) {
    lines.push(
      `Left out ${model.skipped.length} user${model.skipped.length === 1 ? '' : 's'} holding roles (the settings written leave them as they are):`,
    );
    for (const s of model.skipped) lines.push(`  ${s.username}: ${s.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
