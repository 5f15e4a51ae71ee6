import { CURRENT_STATE_QUERIES } from '../current/index.js';
import { ServerCallError, UsageError } from '../diagnostics/index.js';
import {
  buildDoctorReport,
  checkBodySize,
  checkClock,
  checkFirstAnswer,
  checkPageSize,
  checkRateLimit,
  checkRoundTrip,
  checkRoute,
  checkSchema,
  checkServerInformation,
  checkServerUrl,
  checkWorkers,
  median,
  unknowableChecks,
  usedAttributes,
  type DoctorCheck,
  type DoctorCheckId,
  type DoctorReport,
  type RouteSeen,
} from '../report/index.js';
import { isLoopbackHost } from '../session/index.js';
import { DoctorReads, type DoctorProbe } from './doctor-reads.js';
import {
  accessQueries,
  checkAccess,
  INFORMATION_VALUES,
  measureBodySizes,
  measureRoundTrips,
  measureWorkers,
  pageQueries,
  readFirstPages,
  sendBurst,
} from './doctor-steps.js';

export type { DoctorProbe } from './doctor-reads.js';

export interface DoctorInput {
  /** The server URL as given (`--server` or `FTRACK_SERVER`), checked before any use. */
  server: string | undefined;
  insecureHttp: boolean;
  /** How requests reach a server (the proxy variables and NO_PROXY). */
  route: (server: string) => RouteSeen;
  /** Opens the read-only probe; throws a UsageError for a missing or unreadable setting. */
  connect: (server: string) => DoctorProbe;
  /** This machine's clock. */
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * `ftrack-roles doctor`: checks that ftrack-roles can work with a server, read-only (the
 * probe refuses any write), and reports each check (docs/doctor.md). Stops at the first
 * check the others depend on (URL, proxy, settings, connection, TLS, credentials).
 */
export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const checkedAt = input.now();
  const checks: DoctorCheck[] = unknowableChecks();
  const report = (server: string | null, apiUser: string | null, skipReason: string) =>
    buildDoctorReport({ server, apiUser, checkedAt, checks, skipReason });
  const url = checkServerUrl(input.server, input.insecureHttp, isLoopbackHost);
  checks.push(url.check);
  const target = url.target;
  if (target === undefined) return report(null, null, 'the server URL cannot be used');
  const route = input.route(target);
  checks.push(checkRoute(route));
  if (route.via === 'refused') return report(target, null, 'the proxy settings are refused');
  let probe: DoctorProbe;
  try {
    probe = input.connect(target);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    checks.push({
      id: 'credentials',
      status: 'error',
      summary: error.message,
      hint: 'doctor needs the API user and its key to ask the server anything.',
    });
    return report(target, null, 'a connection setting is missing');
  }
  try {
    const reads = new DoctorReads(probe, input.now, input.sleep ?? wait);
    const stopped = await checkServer(reads, target, checks);
    // The clock from the quickest answer of the run, also of one that refused the key.
    const clock = reads.clock();
    if (clock !== undefined || stopped === undefined) checks.push(checkClock(clock));
    return report(target, probe.apiUser, stopped ?? 'not reached');
  } finally {
    await probe.close();
  }
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The checks that talk to the server; resolves to why the rest was skipped, if it was. */
async function checkServer(
  reads: DoctorReads,
  target: string,
  checks: DoctorCheck[],
): Promise<string | undefined> {
  const apiUser = reads.probe.apiUser;
  const first = await reads.read([
    { action: 'query_server_information', values: INFORMATION_VALUES },
  ]);
  const found = checkFirstAnswer(first, target, apiUser);
  checks.push(found.connection, found.tls, found.credentials);
  if (found.connection.status === 'error') return 'no answer from the ftrack API';
  if (found.tls.status === 'error') return 'the TLS handshake failed';
  if (found.credentials.status !== 'ok') return 'the credentials were refused';
  checks.push(checkServerInformation(found.information ?? {}));
  const keyKind = found.credentials.details?.['key'] as 'personal' | 'global' | 'unknown';
  await step(checks, ['schema'], async () => [await schemaCheck(reads)]);
  await step(checks, ['permission', 'collation'], () => checkAccess(reads, apiUser, keyKind));
  const trips = await measureRoundTrips(reads);
  const ok = trips.failure === undefined;
  checks.push(checkRoundTrip(trips.samples, trips.failure));
  await step(checks, ['page-size'], async () => [
    checkPageSize(
      await readFirstPages(reads, reads.probe.pageSize),
      ok ? median(trips.samples) : undefined,
    ),
  ]);
  // The quickest read is one request's own time: queueing and jitter only add to it.
  if (ok) checks.push(checkWorkers(await measureWorkers(reads, Math.min(...trips.samples))));
  else
    checks.push({ id: 'workers', status: 'skipped', summary: 'Not checked: small reads failed.' });
  checks.push(checkBodySize(await measureBodySizes(reads)));
  checks.push(checkRateLimit(reads.rate(await sendBurst(reads))));
  return undefined;
}

/** Runs checks; an answer that cannot be read makes each of them an error. */
async function step(
  checks: DoctorCheck[],
  ids: readonly DoctorCheckId[],
  run: () => Promise<DoctorCheck[]>,
): Promise<void> {
  try {
    checks.push(...(await run()));
  } catch (error) {
    if (!(error instanceof ServerCallError)) throw error;
    for (const id of ids) {
      checks.push({
        id,
        status: 'error',
        summary: error.message,
        hint: 'The server answered what an ftrack server does not: check that the URL is the ftrack server.',
      });
    }
  }
}

/** Every entity type and attribute ftrack-roles reads, against `query_schemas`. */
async function schemaCheck(reads: DoctorReads): Promise<DoctorCheck> {
  const answer = await reads.read([{ action: 'query_schemas' }]);
  if (!answer.ok) {
    return {
      id: 'schema',
      status: 'error',
      summary: `query_schemas failed: ${answer.error.message}`,
      hint: 'Every ftrack client reads the schemas first: check the API user’s permissions.',
    };
  }
  const used = usedAttributes([
    ...Object.values(CURRENT_STATE_QUERIES),
    ...accessQueries('name', 'NAME'),
    ...pageQueries(1),
  ]);
  return checkSchema(answer.results[0], used);
}
