import { isAbsolute, join } from 'node:path';
import { configOf, sessionOpener } from '../../api/open.js';
import { DEFAULT_AUDIT_LOG } from '../../apply/audit-log.js';
import { writeChunksAtomic, writeFileAtomic } from '../../fs/atomic-write.js';
import { plural } from '../../model/index.js';
import { reportAccessReview } from '../../pipeline/access-review.js';
import { checkReviewLog, recordReview } from '../../pipeline/access-review-signoff.js';
import type { AccessReviewFormat } from '../../render/formats.js';
import { writeAccessReviewCsv } from '../../render/access-review-csv.js';
import { render } from '../../render/index.js';
import type { AccessReview, LastReview } from '../../report/access-review-types.js';
import { apiConfigInput } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { terminalEvents } from '../progress.js';
import type { ReportCliOptions } from './options.js';
import { reportOutputs, type ReportOutput } from './report-outputs.js';

/** The action of `ftrack-roles report`, loaded only when the command runs. */
export async function runReportCommand(
  io: CliIo,
  paths: string[],
  options: ReportCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  // Every check of the options, and of the audit log a sign-off writes, before any read.
  const outputs = reportOutputs(options, io.cwd);
  const auditLog = options.auditLog ?? DEFAULT_AUDIT_LOG;
  const reviewer = options.reviewer;
  if (reviewer !== undefined) await checkReviewLog(auditLog, io.cwd);
  const input = apiConfigInput(io, paths, options);
  const review = await reportAccessReview(
    { ...configOf(input), connect: sessionOpener(input.connection) },
    { manyUsers: options.manyUsers, auditLog },
    terminalEvents(io, { held: true }),
  );
  if (review.last_review !== null) io.stderr(lastReviewLine(review.last_review));
  await writeOutputs(io, review, outputs);
  if (reviewer !== undefined) {
    const signed = await recordReview({
      review,
      reviewer,
      auditLog,
      cwd: io.cwd,
      env: io.env,
      now: io.now,
      redact: (text) => io.secrets?.redact(text) ?? text,
    });
    const { counts } = signed;
    io.stderr(
      `Recorded the review by ${reviewer} of ${signed.digest} (${plural(counts.users, 'user')}, ${plural(counts.grants, 'grant')}, ${plural(counts.exceptions, 'exception')}) in ${auditLog}.\n`,
    );
  }
  setExit(EXIT.ok);
}

/** Writes each view once rendered: to its file (atomically), or to stdout. */
async function writeOutputs(
  io: CliIo,
  review: AccessReview,
  outputs: readonly ReportOutput[],
): Promise<void> {
  const texts = new Map<AccessReviewFormat, string>();
  const written: string[] = [];
  const redact = (text: string) => io.secrets?.redact(text) ?? text;
  for (const { format, path } of outputs) {
    if (format === 'csv') {
      // Millions of rows at 10,000 users: more than one string holds, so written in chunks.
      if (path === undefined) writeAccessReviewCsv(review, (chunk) => io.stdout(chunk));
      else {
        const full = isAbsolute(path) ? path : join(io.cwd, path);
        await writeChunksAtomic(full, (write) =>
          writeAccessReviewCsv(review, (chunk) => write(redact(chunk))),
        );
        written.push(path);
      }
      continue;
    }
    let text = texts.get(format);
    if (text === undefined) texts.set(format, (text = render('accessReview', format, review)));
    if (path === undefined) {
      io.stdout(text);
      continue;
    }
    const full = isAbsolute(path) ? path : join(io.cwd, path);
    await writeFileAtomic(full, redact(text));
    written.push(path);
  }
  if (written.length === 0) return;
  const { summary } = review;
  io.stderr(
    `Wrote the access review to ${written.join(', ')}: ${summary.users} users, ${summary.projects} projects, ${summary.grants} grants, ${summary.exceptions.total} exceptions.\n`,
  );
}

/** The last review recorded for this server, and what changed since. */
function lastReviewLine(last: LastReview): string {
  // The log is a file on disk: its text reaches the terminal without control characters.
  const reviewer = last.reviewer.replace(/\p{Cc}/gu, '?');
  const head = `Last review: ${last.time} by ${reviewer}`;
  const changes = last.changes;
  if (changes === null) {
    return `${head}. ${last.changes_unavailable ?? 'What changed since is unknown.'}\n`;
  }
  const users = `+${changes.users_added.length}/-${changes.users_removed.length} users`;
  const grants = `+${changes.grants_added.length}/-${changes.grants_removed.length} grants`;
  return `${head}; since then: ${users}, ${grants}.\n`;
}
