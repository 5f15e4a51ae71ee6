import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import type { DoctorCheck, DoctorCheckId, DoctorReport } from '../../src/report/index.js';
import { fakeIo } from './fake-io.js';

// doctor against an emulator started with each of a real server's limits and unknowns
// (EmulatorOptions, docs/emulator.md): it reports the limit a read can find, says that
// apply finds out the rest, and sends no write either way.

const root = join(import.meta.dirname, '../..');
const KEY = 'local-demo-key';
const READS = new Set(['query', 'query_server_information', 'query_schemas']);

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

async function doctorAgainst(options: EmulatorOptions) {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml'), ...options });
  const run = fakeIo(root, {
    FTRACK_SERVER: emu.url,
    FTRACK_API_USER: 'svc-access',
    FTRACK_API_KEY: KEY,
  });
  run.io.now = () => new Date();
  const code = await runCli(['doctor', '--format', 'json'], run.io);
  expect(run.stderr()).toBe('');
  expect(run.stdout()).not.toContain(KEY);
  const writes = emu
    .requests()
    .flat()
    .map((op) => (op as { action?: string }).action ?? '?');
  expect(writes.filter((action) => !READS.has(action))).toEqual([]);
  const report = JSON.parse(run.stdout()) as DoctorReport;
  const check = (id: DoctorCheckId): DoctorCheck => report.checks.find((c) => c.id === id)!;
  return { code, report, check };
}

describe('doctor reports the limits of the server', () => {
  it('pageSizeLimit: the page cap', async () => {
    const { code, check } = await doctorAgainst({ pageSizeLimit: 5 });
    expect(code).toBe(0);
    expect(check('page-size')).toMatchObject({
      status: 'info',
      summary: expect.stringMatching(/^Pages of at most 5 rows \(asked 2,000;/),
      details: { cap: 5 },
    });
  });

  it('latencyMs: the round trip', async () => {
    const { code, check } = await doctorAgainst({ latencyMs: 60 });
    expect(code).toBe(0);
    const trip = check('round-trip');
    expect(trip.status).toBe('ok');
    expect(trip.details?.['median_ms']).toBeGreaterThanOrEqual(60);
    expect(trip.summary).toMatch(/^Median \d+ ms over 3 small reads/);
  });

  it('perRowMs: the time of a row', async () => {
    const { check } = await doctorAgainst({ perRowMs: 4 });
    const page = check('page-size');
    expect(page.status).toBe('ok');
    expect(page.summary).toMatch(/rows took \d+ ms, about \d+ ms a row beyond the round trip\.$/);
    expect(page.details?.['ms_per_row']).toBeGreaterThanOrEqual(3);
  });

  it('workers: requests served at a time', async () => {
    const { code, check } = await doctorAgainst({ workers: 1, latencyMs: 25 });
    expect(code).toBe(0);
    expect(check('workers')).toMatchObject({
      status: 'info',
      summary: expect.stringMatching(
        /^About 1 request served at a time \(4 requests at once took \d+ ms/,
      ),
      details: { served_at_once: 1 },
    });
  });

  it('maxBodyBytes: the largest request body, narrowed down', async () => {
    const { code, check } = await doctorAgainst({ maxBodyBytes: 100_000 });
    expect(code).toBe(0);
    const body = check('body-size');
    expect(body.status).toBe('warning');
    expect(body.summary).toMatch(
      /^Requests are refused above a limit between \d+ KiB and \d+ KiB \(HTTP 413/,
    );
    expect(body.details?.['largest_accepted']).toBeLessThanOrEqual(100_000);
    expect(body.details?.['smallest_refused']).toBeGreaterThan(100_000);
    expect(body.details?.['smallest_refused'] as number).toBeLessThan(110_000);
  });

  it('rateLimit: the first 429 and its Retry-After', async () => {
    const { code, check } = await doctorAgainst({ rateLimit: 30 });
    expect(code).toBe(0);
    expect(check('rate-limit')).toMatchObject({
      status: 'info',
      summary: expect.stringMatching(
        /^HTTP 429 \(Too Many Requests\) after \d+ requests in [\d.]+ s; Retry-After 1 s\.$/,
      ),
      details: { retry_after_ms: 1000 },
    });
    expect(emu!.operationCounts()['query_server_information']).toBeLessThan(40);
  });

  it.each([
    ['case-insensitive', true],
    ['binary', false],
  ] as const)('collation %s: how names compare', async (collation, insensitive) => {
    const { check } = await doctorAgainst({ collation });
    expect(check('collation')).toMatchObject({
      status: 'info',
      details: { case_insensitive: insensitive },
    });
  });

  it('addRoleScope and grantAllOpenKeepsProjects: not found by a read, said as such', async () => {
    const { code, check } = await doctorAgainst({
      addRoleScope: 'all-open',
      grantAllOpenKeepsProjects: false,
    });
    expect(code).toBe(0);
    expect(check('add-role-scope')).toMatchObject({
      status: 'info',
      summary: expect.stringMatching(/^Apply finds out: /),
    });
    expect(check('grant-all-open')).toMatchObject({
      status: 'info',
      summary: expect.stringMatching(/^Apply does not need to know: /),
    });
  });
});
