import { performance } from 'node:perf_hooks';
import {
  BODY_SIZES,
  checkCollation,
  checkPermission,
  type BodyStepSeen,
  type DoctorCheck,
  type PageSeen,
  type PageTableSeen,
  type WorkersSeen,
} from '../report/index.js';
import { query, readQueryResult } from '../session/index.js';
import type { ProbeAnswer } from '../session/doctor-probe.js';
import type { Operation } from '../wire/index.js';
import type { DoctorReads } from './doctor-reads.js';

/**
 * The doctor's measurements, each a few read-only requests through DoctorReads; the checks
 * made of them are pure (src/report/doctor-*.ts).
 */

/** The server information the first request asks for. */
export const INFORMATION_VALUES = [
  'version',
  'schema_hash',
  'is_timezone_support_enabled',
  'user_information',
];

/** The smallest read: the server's version. */
const SMALL_READ: Operation = { action: 'query_server_information', values: ['version'] };

/** The tables whose first page is read to find a page cap (the largest of a studio). */
const PAGE_TYPES = ['User', 'UserSecurityRole', 'UserSecurityRoleProject', 'Project'];

const ROUND_TRIPS = 3;
/** Requests sent at once to see how many the server serves at a time. */
export const PARALLEL = 4;
const BURST = 20;
const BURST_WAVE = 5;

function failure(answer: ProbeAnswer): Error {
  return answer.ok ? new Error('unexpected answer') : answer.error;
}

/** The queries of the permission and collation checks (also checked against the schema). */
export function accessQueries(apiUser: string, variant?: string): string[] {
  return [
    query`select id, username, is_active from User where username is ${apiUser}`,
    query`select id, is_all_open_projects, security_role.name, security_role.type from UserSecurityRole where user.username is ${apiUser}`,
    ...(variant === undefined ? [] : [query`select id from User where username is ${variant}`]),
  ];
}

/** The first page of each table, as paged reads ask for it. */
export function pageQueries(pageSize: number): string[] {
  return PAGE_TYPES.map((type) => `select id from ${type} order by id offset 0 limit ${pageSize}`);
}

/** The API user's name in another case, or undefined when it has no letters. */
function caseVariant(name: string): string | undefined {
  const upper = name.toUpperCase();
  if (upper !== name) return upper;
  const lower = name.toLowerCase();
  return lower !== name ? lower : undefined;
}

/** Permission (the API user's roles) and collation (its name in another case), one request. */
export async function checkAccess(
  reads: DoctorReads,
  apiUser: string,
  keyKind: 'personal' | 'global' | 'unknown',
): Promise<DoctorCheck[]> {
  const variant = caseVariant(apiUser);
  let expressions: string[];
  try {
    expressions = accessQueries(apiUser, variant);
  } catch (error) {
    const seen = { ok: false as const, error: error as Error };
    return [checkPermission(apiUser, keyKind, seen), checkCollation(apiUser, variant, seen)];
  }
  const answer = await reads.read(
    expressions.map((expression) => ({ action: 'query', expression })),
  );
  if (!answer.ok) {
    const seen = { ok: false as const, error: answer.error };
    return [checkPermission(apiUser, keyKind, seen), checkCollation(apiUser, variant, seen)];
  }
  const [users, assignments, variants] = answer.results.map((r) => readQueryResult(r).data);
  return [
    checkPermission(apiUser, keyKind, {
      ok: true,
      users: users ?? [],
      assignments: assignments ?? [],
    }),
    checkCollation(apiUser, variant, { ok: true, rows: variants ?? [] }),
  ];
}

/** The first page of the largest tables, asked at the size paged reads ask. */
export async function readFirstPages(reads: DoctorReads, pageSize: number): Promise<PageSeen> {
  const answer = await reads.read(
    pageQueries(pageSize).map((expression) => ({ action: 'query', expression })),
  );
  if (!answer.ok) return { ok: false, asked: pageSize, error: answer.error };
  const tables: PageTableSeen[] = answer.results.map((result, i) => {
    const page = readQueryResult(result);
    return { type: PAGE_TYPES[i]!, rows: page.data.length, next: page.metadata.next.offset };
  });
  return { ok: true, asked: pageSize, tables, ms: answer.ms };
}

/** A few small reads one after the other: their times. */
export async function measureRoundTrips(
  reads: DoctorReads,
): Promise<{ samples: number[]; failure?: Error }> {
  const samples: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const answer = await reads.read([SMALL_READ]);
    if (!answer.ok) return { samples, failure: failure(answer) };
    samples.push(answer.ms);
  }
  return { samples };
}

/**
 * PARALLEL small reads sent at once, twice (the first round also opens the connections):
 * the quicker round's wall time against one read's time.
 */
export async function measureWorkers(reads: DoctorReads, singleMs: number): Promise<WorkersSeen> {
  let wallMs: number | undefined;
  for (let round = 0; round < 2; round++) {
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, () => reads.read([SMALL_READ], false)),
    );
    if (answers.some((a) => !a.ok)) return { parallel: PARALLEL, singleMs, wallMs: undefined };
    wallMs = Math.min(wallMs ?? Infinity, performance.now() - started);
  }
  return { parallel: PARALLEL, singleMs, wallMs };
}

/** A query whose request body is `bytes` long: a long, harmless user name to look up. */
export function paddedRead(bytes: number): Operation[] {
  const make = (pad: string): Operation[] => [
    { action: 'query', expression: `select id from User where username is "${pad}" limit 1` },
  ];
  const overhead = JSON.stringify(make('')).length;
  return make('x'.repeat(Math.max(0, bytes - overhead)));
}

/** Halvings of the range between the largest body accepted and the smallest refused. */
const BODY_BISECTIONS = 4;

/** Sends a body of `bytes`; any answer but HTTP 413 (even an error about the query) took it. */
async function tryBody(reads: DoctorReads, bytes: number): Promise<BodyStepSeen> {
  const answer = await reads.read(paddedRead(bytes));
  const taken = answer.ok || (answer.status !== undefined && answer.status !== 413);
  return {
    bytes,
    ok: taken,
    ...(answer.status === undefined ? {} : { status: answer.status }),
    ...(taken ? {} : { message: failure(answer).message }),
  };
}

/**
 * Requests of growing size (BODY_SIZES) up to the first one refused; after an HTTP 413,
 * a few more between the largest accepted and the smallest refused narrow the limit down.
 */
export async function measureBodySizes(reads: DoctorReads): Promise<BodyStepSeen[]> {
  const steps: BodyStepSeen[] = [];
  let low = 0;
  for (const bytes of BODY_SIZES) {
    const step = await tryBody(reads, bytes);
    steps.push(step);
    if (!step.ok) break;
    low = bytes;
  }
  let high = steps.at(-1)?.status === 413 ? steps.at(-1)!.bytes : undefined;
  for (let i = 0; high !== undefined && i < BODY_BISECTIONS; i++) {
    const middle = Math.round((low + high) / 2 / 1024) * 1024;
    if (middle <= low || middle >= high) break;
    const step = await tryBody(reads, middle);
    steps.push(step);
    if (step.ok) low = middle;
    else high = step.status === 413 ? middle : undefined;
  }
  return steps;
}

/**
 * A short burst of small reads, BURST_WAVE at once, stopped at the first HTTP 429 (never
 * sent once one was met). Resolves to the reads sent.
 */
export async function sendBurst(reads: DoctorReads): Promise<number> {
  let sent = 0;
  while (sent < BURST && !reads.rateLimited) {
    const wave = Math.min(BURST_WAVE, BURST - sent);
    await Promise.all(Array.from({ length: wave }, () => reads.read([SMALL_READ], false)));
    sent += wave;
  }
  return sent;
}
