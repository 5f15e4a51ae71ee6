import { ciFromEnv, type AuditReviewCounts, type ReviewAuditEntry } from './audit-log.js';

/** What a review line is built from (the CLI's `report --reviewer`). */
export interface ReviewAuditInput {
  time: Date;
  reviewer: string;
  /** The signed report's header fields, as its JSON has them. */
  review: {
    server: string;
    api_user: string;
    generated_at: string;
    config_digest: string;
    state_digest: string;
  };
  reportDigest: string;
  counts: AuditReviewCounts;
  /** The snapshot file, relative to the audit log's directory. */
  snapshot: string;
  env: Record<string, string | undefined>;
}

/** Builds the audit line of a signed review (pure). */
export function buildReviewAuditEntry(input: ReviewAuditInput): ReviewAuditEntry {
  const { review, counts } = input;
  return {
    time: input.time.toISOString(),
    command: 'report',
    event: 'review',
    reviewer: input.reviewer,
    server: review.server,
    api_user: review.api_user,
    report_digest: input.reportDigest,
    generated_at: review.generated_at,
    config_digest: review.config_digest,
    state_digest: review.state_digest,
    counts: {
      users: counts.users,
      holders: counts.holders,
      projects: counts.projects,
      grants: counts.grants,
      access_rows: counts.access_rows,
      exceptions: counts.exceptions,
    },
    snapshot: input.snapshot,
    ci: ciFromEnv(input.env),
  };
}

const COUNT_FIELDS = ['users', 'holders', 'projects', 'grants', 'access_rows', 'exceptions'];
const TEXT_FIELDS = [
  'time',
  'reviewer',
  'server',
  'api_user',
  'generated_at',
  'config_digest',
  'state_digest',
  'snapshot',
];

/**
 * One line of the audit log as a review line, or undefined: an apply's line, a line cut
 * short, or one that is not ours is skipped, as apply's readers skip what they cannot use.
 */
export function parseReviewAuditLine(line: string): ReviewAuditEntry | undefined {
  // Most lines are apply's: skip them without parsing.
  if (!line.includes('"report"')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as Record<string, unknown>;
  if (entry['command'] !== 'report' || entry['event'] !== 'review') return undefined;
  if (!TEXT_FIELDS.every((field) => typeof entry[field] === 'string')) return undefined;
  if (typeof entry['report_digest'] !== 'string') return undefined;
  if (!/^sha256:[0-9a-f]{64}$/.test(entry['report_digest'])) return undefined;
  const counts = entry['counts'] as Record<string, unknown> | null | undefined;
  if (typeof counts !== 'object' || counts === null) return undefined;
  if (!COUNT_FIELDS.every((field) => Number.isSafeInteger(counts[field]))) return undefined;
  return value as ReviewAuditEntry;
}
