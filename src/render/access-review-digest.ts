import { createHash } from 'node:crypto';
import type { AccessReview } from '../report/access-review-types.js';
import { renderJson } from './options.js';

/**
 * The report digest: `sha256:<hex>` of the review's JSON exactly as `report --format json`
 * writes it, so `sha256sum review.json` matches the digest a sign-off records and the HTML
 * page shows.
 */
export function accessReviewDigest(review: AccessReview): string {
  return `sha256:${createHash('sha256').update(renderJson(review), 'utf8').digest('hex')}`;
}
