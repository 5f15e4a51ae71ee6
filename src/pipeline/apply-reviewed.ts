import { readPlanFile } from '../apply/index.js';
import { StalePlanError, UsageError } from '../diagnostics/index.js';
import { changesDigest, changesMissingFrom, type Plan } from '../plan/index.js';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * `apply --reviewed FILE|DIGEST`: the plan made now must make exactly the changes of the
 * reviewed plan (its file, e.g. the pull request's artifact, or its changes digest, e.g. from
 * the pull request's comment), else StalePlanError (exit 4) and nothing is sent. Unlike
 * `--plan`, the config and the rest of the server may have changed meanwhile, as long as
 * the changes are the same: the plan applied is the one made now, on the state read now.
 */
export async function assertReviewedChanges(
  plan: Plan,
  reviewed: string,
  cwd: string,
): Promise<void> {
  const digest = reviewed.trim().toLowerCase();
  const saved = DIGEST.test(digest) ? undefined : await readReviewedFile(reviewed, cwd);
  const expected = saved === undefined ? digest : changesDigest(saved);
  const now = changesDigest(plan);
  if (now === expected) return;
  const lines =
    saved === undefined
      ? [`the changes digest is now ${now}`]
      : [
          ...changesMissingFrom(plan, saved).map((line) => `not reviewed: ${line}`),
          ...changesMissingFrom(saved, plan).map((line) => `reviewed, no longer planned: ${line}`),
          ...(saved.server === plan.server ? [] : [`reviewed for ${saved.server}`]),
        ];
  const list = lines.map((line) => `  - ${line}`).join('\n');
  throw new StalePlanError(
    `The plan made now differs from the reviewed plan (${saved === undefined ? expected : `${reviewed}, ${expected}`}); nothing was sent:\n${list}\nReview the new plan (plan again, e.g. in a new pull request), then apply.`,
    lines,
  );
}

async function readReviewedFile(file: string, cwd: string): Promise<Plan> {
  checkReviewedOption(file);
  return readPlanFile(file, cwd);
}

/** Refuses a malformed digest before anything is read (a file is read when it is used). */
export function checkReviewedOption(reviewed: string): void {
  const text = reviewed.trim().toLowerCase();
  if (text.startsWith('sha256:') && !DIGEST.test(text)) {
    throw new UsageError(
      `--reviewed ${reviewed}: a changes digest is sha256: and 64 lowercase hex digits (as the plan's Markdown shows it).`,
    );
  }
}
