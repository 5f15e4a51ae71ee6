import { createHash } from 'node:crypto';
import type { AccessReview } from '../report/access-review-types.js';
import { renderJson } from './options.js';

// The JSON of a review, made once per review: one `report` run writes it, puts its digest
// in the HTML page and records the digest of a sign-off (80 MB at 10,000 users). A review
// is not changed once rendered.
const texts = new WeakMap<AccessReview, string>();

/** The review's JSON, exactly as `report --format json` writes it. */
export function renderAccessReviewJson(review: AccessReview): string {
  let text = texts.get(review);
  if (text === undefined) texts.set(review, (text = renderJson(review)));
  return text;
}

/**
 * The report digest: `sha256:<hex>` of the review's JSON exactly as `report --format json`
 * writes it, so `sha256sum review.json` matches the digest a sign-off records and the HTML
 * page shows.
 */
export function accessReviewDigest(review: AccessReview): string {
  return `sha256:${createHash('sha256').update(renderAccessReviewJson(review), 'utf8').digest('hex')}`;
}
