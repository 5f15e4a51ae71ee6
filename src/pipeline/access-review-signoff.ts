import { mkdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, relative, resolve } from 'node:path';
import { appendAuditLog, checkAuditLog } from '../apply/audit-log.js';
import { buildReviewAuditEntry } from '../apply/audit-review.js';
import { comparableUrl } from '../apply/read-plan-file.js';
import { FtrackRolesError, UsageError } from '../diagnostics/index.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { accessReviewDigest } from '../render/access-review-digest.js';
import {
  accessOfReview,
  changesSince,
  checkSnapshot,
  countReview,
  snapshotOfReview,
  type AccessReviewSnapshot,
} from '../report/access-review-since.js';
import type { AccessReview, LastReview, ReviewCounts } from '../report/access-review-types.js';
import { findLastReviewLine } from './access-review-log.js';

/**
 * The sign-off of an access review (`report --reviewer NAME`): a snapshot of the review's
 * users and grants beside the audit log, then one line in the audit log naming it; and the
 * other way round, the last review signed for a server, with what changed since.
 */

/** The folder of the snapshots, in the audit log's directory. */
const REVIEWS_DIR = 'reviews';

/**
 * Checks before anything is read that the sign-off can be recorded: the audit log can be
 * opened for appending (created empty if need be) and the snapshots' folder created.
 */
export async function checkReviewLog(file: string, cwd: string): Promise<void> {
  try {
    const path = await checkAuditLog(file, cwd);
    await mkdir(join(dirname(path), REVIEWS_DIR), { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const why = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `Cannot write the audit log ${file} (${code}: ${why}); nothing was read. Give a writable --audit-log FILE.`,
    );
  }
}

/**
 * The last review signed for the review's server in the audit log, with what changed since
 * (from its snapshot); null when the log does not exist or holds no review of this server.
 */
export async function readLastReview(
  file: string,
  cwd: string,
  review: AccessReview,
): Promise<LastReview | null> {
  const path = resolve(cwd, file);
  const server = comparableUrl(review.server);
  const line = await findLastReviewLine(path, (e) => comparableUrl(e.server) === server).catch(
    (error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError(
        `Cannot read the audit log ${file} (${code}), where the last review is looked up. Give a readable --audit-log FILE.`,
        { cause: error },
      );
    },
  );
  if (line === undefined) return null;
  const signed = {
    time: line.time,
    reviewer: line.reviewer,
    report_digest: line.report_digest,
    generated_at: line.generated_at,
    counts: countsOf(line.counts),
  };
  const shown = join(dirname(file), line.snapshot);
  const loaded = await loadSnapshot(dirname(path), line.snapshot, line.report_digest);
  if ('problem' in loaded) {
    return {
      ...signed,
      changes: null,
      changes_unavailable: `The snapshot of that review, ${shown}, ${loaded.problem}, so what changed since is unknown. Keep the ${REVIEWS_DIR}/ folder with the audit log (each sign-off writes its snapshot there); meanwhile compare with the signed report itself, whose sha256 is report_digest.`,
    };
  }
  return {
    ...signed,
    changes: changesSince(loaded.snapshot, accessOfReview(review)),
    changes_unavailable: null,
  };
}

/** The counts of a line, and no other field a hand-edited line may carry. */
function countsOf(counts: ReviewCounts): ReviewCounts {
  const { users, holders, projects, grants, access_rows, exceptions } = counts;
  return { users, holders, projects, grants, access_rows, exceptions };
}

async function loadSnapshot(
  dir: string,
  name: string,
  digest: string,
): Promise<{ snapshot: AccessReviewSnapshot } | { problem: string }> {
  const path = resolve(dir, name);
  if (isAbsolute(name) || relative(dir, path).startsWith('..')) {
    return { problem: "lies outside the audit log's folder" };
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { problem: code === 'ENOENT' ? 'is missing' : `cannot be read (${code})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message would quote the file: say only that it is not JSON.
    return { problem: 'is not valid JSON' };
  }
  return checkSnapshot(value, digest);
}

/** What `recordReview` needs: the review as written, who signs it, and where the log is. */
export interface SignOffInput {
  review: AccessReview;
  reviewer: string;
  /** The audit log, relative to `cwd`. */
  auditLog: string;
  cwd: string;
  /** The variables the line's `ci` fields are read from. */
  env: Record<string, string | undefined>;
  now: () => Date;
  /** Removes secrets from what is written (the CLI passes the key redactor). */
  redact: (text: string) => string;
}

export interface SignOff {
  /** The report digest signed (`sha256:<hex>`). */
  digest: string;
  counts: ReviewCounts;
  /** The audit log and the snapshot written, as absolute paths. */
  auditLog: string;
  snapshot: string;
}

/**
 * Records a review signed by `reviewer`: writes its snapshot (atomically, 0600), then
 * appends the audit line naming it, last, since the line is the commitment. Throws an
 * error saying what could not be written; what was written before stays.
 */
export async function recordReview(input: SignOffInput): Promise<SignOff> {
  const { review, redact } = input;
  const path = resolve(input.cwd, input.auditLog);
  const digest = accessReviewDigest(review);
  const name = posix.join(REVIEWS_DIR, `${digest.slice('sha256:'.length)}.json`);
  const snapshot = join(dirname(path), name);
  const counts = countReview(review);
  const failed = (what: string) => (error: unknown) => {
    const why = error instanceof Error ? error.message : String(error);
    throw new FtrackRolesError(
      `Could not record the review: ${what} (${why}). The report files written stay; sign again once --audit-log ${input.auditLog} can be written.`,
      { cause: error },
    );
  };
  const text = `${JSON.stringify(snapshotOfReview(review, digest))}\n`;
  await writeFileAtomic(snapshot, redact(text), { mode: 0o600 }).catch(
    failed(`the snapshot ${join(dirname(input.auditLog), name)} could not be written`),
  );
  const entry = buildReviewAuditEntry({
    time: input.now(),
    reviewer: input.reviewer,
    review,
    reportDigest: digest,
    counts,
    snapshot: name,
    env: input.env,
  });
  await appendAuditLog(path, input.cwd, entry, redact).catch(
    failed(`the audit log ${input.auditLog} could not be written`),
  );
  return { digest, counts, auditLog: path, snapshot };
}
