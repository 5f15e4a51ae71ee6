import { buildAccessReview } from '../report/access-review.js';
import type { AccessReview } from '../report/access-review-types.js';
import { blameFiles } from './access-review-git.js';
import { readLastReview } from './access-review-signoff.js';
import { readAuditInputs, type AuditInput } from './audit.js';
import type { PlanEvents } from './events.js';

export interface AccessReviewOptions {
  /** A private project reached by more users than this is an exception. */
  manyUsers: number;
  /**
   * The audit log (relative to the working directory) to find the last review signed for
   * this server in (`last_review`); when not given, `last_review` is null.
   */
  auditLog?: string;
}

/**
 * `report`: the access review of the server as it is now. Reads the files and the server
 * as `drift` does (read-only), then asks git who last changed each line of the files and,
 * with an audit log, finds the last review signed and what changed since.
 */
export async function reportAccessReview(
  input: AuditInput,
  options: AccessReviewOptions,
  events: PlanEvents = {},
): Promise<AccessReview> {
  const inputs = await readAuditInputs(input, { showFindings: false }, events);
  const git = await blameFiles(inputs.files, input.cwd);
  const review = buildAccessReview({
    ...inputs,
    now: input.now(),
    manyUsers: options.manyUsers,
    git,
    lastReview: null,
  });
  if (options.auditLog === undefined) return review;
  // What changed since is read off the review made now (its users and grants, as a
  // snapshot has them), so the last review is set once the review is built. It stays the
  // last key of the JSON (the spread keeps the key's place).
  const lastReview = await readLastReview(options.auditLog, input.cwd, review);
  return { ...review, last_review: lastReview };
}
