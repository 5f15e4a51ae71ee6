import { compareStrings, type RoleName, type UserName } from '../model/index.js';
import type {
  AccessReview,
  ReviewChanges,
  ReviewCounts,
  ReviewGrantKey,
} from './access-review-types.js';

/**
 * What a sign-off (`report --reviewer`) keeps of the signed review besides its audit line:
 * the users and the grants, compactly, so that the next report can say what changed since.
 * Written beside the audit log (`reviews/<hex of the report digest>.json`).
 */
export interface AccessReviewSnapshot {
  format_version: 1;
  kind: 'access-review-snapshot';
  /** The signed report's digest (`sha256:<hex>`): the snapshot belongs to that report. */
  report_digest: string;
  server: string;
  /** Every user of the server, sorted. */
  users: UserName[];
  /** `[user, role, scope, project]`, sorted like the review's grants. */
  grants: SnapshotGrant[];
}

export type SnapshotGrant = [UserName, RoleName, 'all-open' | 'project', string | null];

/** What a review is compared by: its users and its grants. */
export interface ReviewedAccess {
  users: readonly UserName[];
  grants: readonly SnapshotGrant[];
}

/** The counts a sign-off records: those of the review's summary. */
export function countReview(review: AccessReview): ReviewCounts {
  const { summary } = review;
  return {
    users: summary.users,
    holders: summary.holders,
    projects: summary.projects,
    grants: summary.grants,
    access_rows: summary.access_rows,
    exceptions: summary.exceptions.total,
  };
}

/** The review's users and grants, sorted (pure). */
export function accessOfReview(review: AccessReview): {
  users: UserName[];
  grants: SnapshotGrant[];
} {
  return {
    users: review.users.map((u) => u.user).sort(compareStrings),
    grants: review.grants
      .map((g): SnapshotGrant => [g.user, g.role, g.scope, g.project])
      .sort(compareGrants),
  };
}

/** The snapshot of a review about to be signed. */
export function snapshotOfReview(review: AccessReview, reportDigest: string): AccessReviewSnapshot {
  return {
    format_version: 1,
    kind: 'access-review-snapshot',
    report_digest: reportDigest,
    server: review.server,
    ...accessOfReview(review),
  };
}

/**
 * A snapshot file's content, checked: the snapshot, or why it cannot be used (not one,
 * malformed, or the snapshot of another report than the one the audit line signed).
 */
export function checkSnapshot(
  value: unknown,
  reportDigest: string,
): { snapshot: AccessReviewSnapshot } | { problem: string } {
  const v = value as Partial<AccessReviewSnapshot> | null;
  if (typeof v !== 'object' || v === null || v.kind !== 'access-review-snapshot') {
    return { problem: 'is not an access review snapshot' };
  }
  if (v.format_version !== 1) {
    return { problem: `has format_version ${String(v.format_version)}, not 1` };
  }
  const users = v.users;
  const grants = v.grants;
  if (!Array.isArray(users) || !users.every((u) => typeof u === 'string')) {
    return { problem: 'has no valid list of users' };
  }
  if (!Array.isArray(grants) || !grants.every(isSnapshotGrant)) {
    return { problem: 'has no valid list of grants' };
  }
  if (v.report_digest !== reportDigest) {
    return { problem: `belongs to another report (${String(v.report_digest)})` };
  }
  return { snapshot: v as AccessReviewSnapshot };
}

function isSnapshotGrant(value: unknown): value is SnapshotGrant {
  if (!Array.isArray(value) || value.length !== 4) return false;
  const [user, role, scope, project] = value as unknown[];
  if (typeof user !== 'string' || typeof role !== 'string') return false;
  if (scope === 'all-open') return project === null;
  return scope === 'project' && typeof project === 'string';
}

/**
 * What changed from a signed review to the review made now (pure): the users and the
 * grants added and removed, each list sorted like the review's.
 */
export function changesSince(before: ReviewedAccess, now: ReviewedAccess): ReviewChanges {
  const oldUsers = new Set(before.users);
  const newUsers = new Set(now.users);
  const oldGrants = new Map(before.grants.map((g) => [grantKey(g), g]));
  const newGrants = new Map(now.grants.map((g) => [grantKey(g), g]));
  const only = <T>(a: Map<string, T>, b: Map<string, T>) =>
    [...a].filter(([key]) => !b.has(key)).map(([, value]) => value);
  return {
    users_added: [...newUsers].filter((u) => !oldUsers.has(u)).sort(compareStrings),
    users_removed: [...oldUsers].filter((u) => !newUsers.has(u)).sort(compareStrings),
    grants_added: only(newGrants, oldGrants).sort(compareGrants).map(grantOf),
    grants_removed: only(oldGrants, newGrants).sort(compareGrants).map(grantOf),
  };
}

function grantKey([user, role, scope, project]: SnapshotGrant): string {
  return JSON.stringify([user, role, scope, project]);
}

function grantOf([user, role, scope, project]: SnapshotGrant): ReviewGrantKey {
  return { user, role, scope, project };
}

/** As the review sorts its grants: user, role, all open projects first, then project. */
function compareGrants(a: SnapshotGrant, b: SnapshotGrant): number {
  return (
    compareStrings(a[0], b[0]) ||
    compareStrings(a[1], b[1]) ||
    (a[3] === null ? (b[3] === null ? 0 : -1) : b[3] === null ? 1 : compareStrings(a[3], b[3]))
  );
}
