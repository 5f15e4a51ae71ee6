import { forEachAccessRow } from '../report/access-review-summary.js';
import type { AccessReview, ReviewGrant, ReviewSource } from '../report/access-review-types.js';

/**
 * The access review as CSV (RFC 4180): a header, then one row per user × role × project,
 * all-open grants expanded to the open projects (the `via_all_open` column says so).
 * CRLF line ends; a field with a comma, quote or line break is quoted; a field starting
 * with = + - @ (or a tab or carriage return) gets a leading `'` so that a spreadsheet does
 * not run it as a formula (OWASP, "CSV injection").
 */

export const ACCESS_REVIEW_CSV_HEADER = [
  'user',
  'user_active',
  'role',
  'project',
  'project_private',
  'via_all_open',
  'via_grant',
  'declared',
  'sources',
  'config_groups',
  'ftrack_groups',
  'commits',
  'authors',
  'dates',
] as const;

/** One CSV field, quoted when needed, neutralised when a spreadsheet would run it. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');
const distinct = (values: (string | null)[]) =>
  [...new Set(values.filter((v): v is string => v !== null && v !== ''))].join('; ');

/** The view registry's CSV: the whole text as one string (a small review; the CLI streams). */
export function renderAccessReviewCsv(review: AccessReview): string {
  const parts: string[] = [];
  writeAccessReviewCsv(review, (chunk) => parts.push(chunk));
  return parts.join('');
}

/**
 * The CSV handed to `write` in chunks of whole rows, about `chunkChars` characters each:
 * at 10,000 users the CSV has millions of rows (an all-open grant is a row per open
 * project), more text than one JavaScript string can hold, so the CLI writes it chunk by
 * chunk. The chunks joined are exactly `renderAccessReviewCsv`'s text.
 */
export function writeAccessReviewCsv(
  review: AccessReview,
  write: (chunk: string) => void,
  chunkChars = 1 << 20,
): void {
  const active = new Map(review.users.map((u) => [u.user, u.active]));
  // Millions of rows repeat a few thousand names: each name's cells are made once.
  const projectCells = new Map(
    review.projects.map((p) => [p.name, `${csvField(p.name)},${yesNo(p.private)}`]),
  );
  const projectCell = (name: string) => projectCells.get(name) ?? `${csvField(name)},no`;
  let head = { user: '', role: '', cells: '' };
  // The "why" columns depend only on the grants behind a row: an all-open grant's are
  // written once for all its rows.
  const whyOf = new WeakMap<ReviewGrant, string>();
  const why = (grants: readonly ReviewGrant[]): string => {
    const single = grants.length === 1 ? whyOf.get(grants[0]!) : undefined;
    if (single !== undefined) return single;
    const sources: ReviewSource[] = grants.flatMap((g) => g.sources);
    const text = [
      yesNo(sources.length > 0),
      distinct(sources.map((s) => s.source)),
      distinct(sources.map((s) => s.config_group)),
      distinct(sources.map((s) => s.ftrack_group)),
      distinct(sources.map((s) => s.git?.commit?.slice(0, 12) ?? null)),
      distinct(sources.map((s) => s.git?.author ?? null)),
      distinct(sources.map((s) => s.git?.date ?? null)),
    ]
      .map(csvField)
      .join(',');
    if (grants.length === 1) whyOf.set(grants[0]!, text);
    return text;
  };
  let lines = [ACCESS_REVIEW_CSV_HEADER.join(',')];
  let size = 0;
  forEachAccessRow(review.grants, review.projects, (row) => {
    if (row.user !== head.user || row.role !== head.role) {
      const user = `${csvField(row.user)},${yesNo(active.get(row.user) ?? false)}`;
      head = { user: row.user, role: row.role, cells: `${user},${csvField(row.role)}` };
    }
    const how = `${yesNo(row.all_open)},${yesNo(row.granted)}`;
    const line = `${head.cells},${projectCell(row.project)},${how},${why(row.grants)}`;
    lines.push(line);
    size += line.length + 2;
    if (size >= chunkChars) {
      write(`${lines.join('\r\n')}\r\n`);
      lines = [];
      size = 0;
    }
  });
  if (lines.length > 0) write(`${lines.join('\r\n')}\r\n`);
}
