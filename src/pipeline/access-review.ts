import { buildAccessReview } from '../report/access-review.js';
import type { AccessReview } from '../report/access-review-types.js';
import { blameFiles } from './access-review-git.js';
import { readAuditInputs, type AuditInput } from './audit.js';
import type { PlanEvents } from './events.js';

export interface AccessReviewOptions {
  /** A private project reached by more users than this is an exception. */
  manyUsers: number;
}

/**
 * `report`: the access review of the server as it is now. Reads the files and the server
 * as `drift` does (read-only), then asks git who last changed each line of the files.
 */
export async function reportAccessReview(
  input: AuditInput,
  options: AccessReviewOptions,
  events: PlanEvents = {},
): Promise<AccessReview> {
  const inputs = await readAuditInputs(input, { showFindings: false }, events);
  const git = await blameFiles(inputs.files, input.cwd);
  return buildAccessReview({
    ...inputs,
    now: input.now(),
    manyUsers: options.manyUsers,
    git,
  });
}
