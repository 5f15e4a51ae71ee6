import { mkdir, open, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { summarizeChanges, type Plan, type PlanChange } from '../plan/index.js';
import type { ApplyOutcome } from './apply-plan.js';

/** The audit log written when `--audit-log` is not given, relative to the working directory. */
export const DEFAULT_AUDIT_LOG = '.ftrack-roles/audit.jsonl';

/** Every way an apply attempt ends, as written to the audit log. */
export type AuditOutcome =
  | ApplyOutcome
  | 'no-changes'
  | 'dry-run'
  | 'stale'
  | 'refused'
  | 'declined'
  | 'error'
  /** Written and flushed before the batch is sent; its outcome line follows. */
  | 'pending'
  /** A chunk the server accepted, followed by the next chunk (the last chunk's line verifies). */
  | 'accepted'
  /** A later run found a pending attempt without an outcome and judged it on the server. */
  | 'recovered-applied'
  | 'recovered-not-applied'
  | 'recovered-unknown';

/** The chunk a line is about, when an apply is sent in chunks (`--max-operations-per-call`). */
export interface AuditChunk {
  /** 1-based. */
  index: number;
  /** How many chunks the apply has. */
  count: number;
  /** The users the chunk changes. */
  users: string[];
}

export interface AuditCi {
  provider: 'github' | 'gitlab' | null;
  commit: string | null;
  run: string | null;
}

/** One line of the audit log (JSON Lines). Never holds the API key. */
export interface AuditEntry {
  time: string;
  command: 'apply';
  /** One id per apply attempt: its `pending` line and its outcome line share it. */
  attempt: string;
  /** The machine and process of the attempt, when known (a pending attempt of a live process is not recovered). */
  host: string | null;
  pid: number | null;
  server: string | null;
  api_user: string | null;
  plan_file: string | null;
  config_digest: string | null;
  state_digest: string | null;
  state_digest_after: string | null;
  outcome: AuditOutcome;
  message: string | null;
  /** The chunk of the line (its `operations`, `summary` and `changes` are the chunk's); null: the whole plan. */
  chunk: AuditChunk | null;
  operations: number;
  summary: Plan['summary'] | null;
  changes: Pick<PlanChange, 'user' | 'role' | 'action' | 'before' | 'after'>[];
  ci: AuditCi;
}

/** The counts a review line records (as `ReviewCounts` of the access review). */
export interface AuditReviewCounts {
  users: number;
  holders: number;
  projects: number;
  grants: number;
  access_rows: number;
  exceptions: number;
}

/**
 * The line of a signed access review (`report --reviewer`): who signed which report
 * (its digest), of which server, with its counts. The grants themselves are in the
 * snapshot file the line names. Apply's readers skip these lines (not `command: 'apply'`).
 */
export interface ReviewAuditEntry {
  time: string;
  command: 'report';
  event: 'review';
  reviewer: string;
  server: string;
  api_user: string;
  /** `sha256:<hex>` of the signed report's JSON, exactly as `report --format json` writes it. */
  report_digest: string;
  /** When the signed report was made. */
  generated_at: string;
  config_digest: string;
  state_digest: string;
  counts: AuditReviewCounts;
  /** The snapshot of the review's users and grants, relative to the audit log's directory. */
  snapshot: string;
  ci: AuditCi;
}

/** Any line of the audit log. */
export type AuditLine = AuditEntry | ReviewAuditEntry;

export interface AuditInput {
  time: Date;
  attempt: string;
  origin?: { host: string; pid: number };
  outcome: AuditOutcome;
  server?: string;
  apiUser?: string;
  planFile?: string;
  plan?: Plan;
  /** The chunk being sent: the line's operations, summary and changes are the chunk's. */
  chunk?: AuditChunk & { operations: number; changes: readonly PlanChange[] };
  stateDigestAfter?: string;
  message?: string;
  env: Record<string, string | undefined>;
}

/** The CI commit and run: GitHub Actions (GITHUB_SHA, GITHUB_RUN_ID) or GitLab (CI_COMMIT_SHA, CI_PIPELINE_ID). */
export function ciFromEnv(env: Record<string, string | undefined>): AuditCi {
  const value = (name: string) => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? null : text;
  };
  const github = { commit: value('GITHUB_SHA'), run: value('GITHUB_RUN_ID') };
  if (github.commit !== null || github.run !== null) return { provider: 'github', ...github };
  const gitlab = { commit: value('CI_COMMIT_SHA'), run: value('CI_PIPELINE_ID') };
  if (gitlab.commit !== null || gitlab.run !== null) return { provider: 'gitlab', ...gitlab };
  return { provider: null, commit: null, run: null };
}

/** Builds one audit entry (pure). */
export function buildAuditEntry(input: AuditInput): AuditEntry {
  const plan = input.plan;
  const chunk = input.chunk;
  const changes = chunk?.changes ?? plan?.changes ?? [];
  return {
    time: input.time.toISOString(),
    command: 'apply',
    attempt: input.attempt,
    host: input.origin?.host ?? null,
    pid: input.origin?.pid ?? null,
    server: plan?.server ?? input.server ?? null,
    api_user: plan?.api_user ?? input.apiUser ?? null,
    plan_file: input.planFile ?? null,
    config_digest: plan?.config_digest ?? null,
    state_digest: plan?.state_digest ?? null,
    state_digest_after: input.stateDigestAfter ?? null,
    outcome: input.outcome,
    message: input.message ?? null,
    chunk:
      chunk === undefined ? null : { index: chunk.index, count: chunk.count, users: chunk.users },
    operations: chunk?.operations ?? plan?.operations.length ?? 0,
    summary: chunk === undefined ? (plan?.summary ?? null) : summarizeChanges(chunk.changes),
    changes: changes.map(({ user, role, action, before, after }) => ({
      user,
      role,
      action,
      before,
      after,
    })),
    ci: ciFromEnv(input.env),
  };
}

/**
 * Appends one JSON line to the audit log, creating its directory, and flushes it to disk
 * (a `pending` line must be there before the batch is sent). `redact` removes secrets from
 * the line before it is written (the CLI passes the key redactor).
 */
export async function appendAuditLog(
  file: string,
  cwd: string,
  entry: AuditLine,
  redact: (text: string) => string = (text) => text,
): Promise<string> {
  const path = isAbsolute(file) ? file : join(cwd, file);
  await makeDirectory(dirname(path));
  const handle = await open(path, 'a', 0o600);
  try {
    await handle.appendFile(`${redact(JSON.stringify(entry))}\n`, 'utf8');
    await handle.datasync();
  } finally {
    await handle.close();
  }
  return path;
}

/**
 * Checks that the audit log can be written before anything is sent: creates its directory
 * and opens the file for appending (creating it empty). Throws with the reason.
 */
export async function checkAuditLog(file: string, cwd: string): Promise<string> {
  const path = isAbsolute(file) ? file : join(cwd, file);
  await makeDirectory(dirname(path));
  const handle = await open(path, 'a', 0o600);
  await handle.close();
  return path;
}

/**
 * `mkdir -p`, one level at a time from the deepest directory that exists: node's recursive
 * mkdir spun for minutes on a path under /proc.
 */
async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = dir;
  for (let depth = 0; depth < 256; depth++) {
    const info = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (info !== undefined) {
      if (!info.isDirectory())
        throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const path of missing.reverse()) {
    await mkdir(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}
