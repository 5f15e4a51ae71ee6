import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import type { DoctorReport } from '../../src/report/index.js';
import { fakeIo } from './fake-io.js';

// `ftrack-roles doctor` against the emulator: read-only, one line per check, exit 0 when
// everything ftrack-roles needs works, 1 otherwise; the API key never shown.

const root = join(import.meta.dirname, '../..');
const KEY = 'local-demo-key';
const READS = new Set(['query', 'query_server_information', 'query_schemas']);

let emu: Emulator;
const env = (extra: Record<string, string> = {}) => ({
  FTRACK_SERVER: emu.url,
  FTRACK_API_USER: 'svc-access',
  FTRACK_API_KEY: KEY,
  ...extra,
});

beforeAll(async () => {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
});
afterAll(async () => {
  await emu.stop();
});

/** Runs the CLI with this machine's clock (fakeIo's is fixed, which the clock check sees). */
async function cli(argv: string[], environment: Record<string, string | undefined>, now?: Date) {
  const run = fakeIo(root, environment);
  run.io.now = () => now ?? new Date();
  const code = await runCli(argv, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

const lineOf = (text: string, id: string) =>
  text.split('\n').find((line) => new RegExp(`^\\S+ +${id} `).test(line)) ?? '';
const hintOf = (text: string, id: string) => {
  const lines = text.split('\n');
  return lines[lines.indexOf(lineOf(text, id)) + 1] ?? '';
};
const writesSent = (server: Emulator) =>
  server
    .requests()
    .flat()
    .map((op) => (op as { action?: string }).action ?? '?')
    .filter((action) => !READS.has(action));

describe('doctor against a healthy server', () => {
  it('exits 0 with every check ok or info, and sends no write', async () => {
    emu.resetCounters();
    const run = await cli(['doctor'], env());
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^ftrack-roles doctor: http:\/\/127\.0\.0\.1:\d+ as svc-access\n\n/);
    expect(run.stdout).not.toMatch(/^(WARN|ERROR|skip) /m);
    expect(lineOf(run.stdout, 'credentials')).toBe(
      'ok    credentials    svc-access and the API key were accepted (a personal API key).',
    );
    expect(lineOf(run.stdout, 'permission')).toContain('holds Administrator on all open projects');
    expect(lineOf(run.stdout, 'server')).toContain('schema 23a1157b8b1730fd91c76f63dcd67a8f');
    expect(lineOf(run.stdout, 'schema')).toMatch(
      /^ok +schema +All 8 entity types and \d+ attributes/,
    );
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^Ready: \d+ ok, \d+ info \(exit 0\)\.$/,
    );
    expect(emu.requestCount()).toBeGreaterThan(10);
    expect(writesSent(emu)).toEqual([]);
    expect(Object.keys(emu.operationCounts()).every((action) => READS.has(action))).toBe(true);
    expect(run.stdout).not.toContain(KEY);
  });

  it('--format json: the versioned model, every check once', async () => {
    const run = await cli(['doctor', '--format', 'json'], env());
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report).toMatchObject({
      format_version: 1,
      server: emu.url,
      api_user: 'svc-access',
      ready: true,
      summary: { warning: 0, error: 0, skipped: 0 },
    });
    expect(report.checks.map((c) => c.id)).toContain('rate-limit');
    for (const check of report.checks) {
      expect(
        Object.keys(check).every((k) => ['id', 'status', 'summary', 'hint', 'details'].includes(k)),
      ).toBe(true);
      expect(['ok', 'info']).toContain(check.status);
    }
    expect(report.checks.find((c) => c.id === 'round-trip')?.details).toMatchObject({
      median_ms: expect.any(Number),
    });
    expect(run.stdout).not.toContain(KEY);
  });

  it('warns about a clock five minutes off, and still exits 0', async () => {
    const run = await cli(['doctor'], env(), new Date(Date.now() - 10 * 60 * 1000));
    expect(run.code).toBe(0);
    expect(lineOf(run.stdout, 'clock')).toMatch(
      /^WARN +clock +This machine's clock is about 10 min behind the server's\.$/,
    );
    expect(hintOf(run.stdout, 'clock')).toContain('until: dates');
  });
});

describe('doctor --help', () => {
  it('has the connection options, examples and the exit status', async () => {
    const run = await cli(['doctor', '--help'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: ftrack-roles doctor \[options\]\n/);
    for (const option of [
      '--server <url>',
      '--api-key-file <file>',
      '--format <format>',
      '--page-size <rows>',
    ])
      expect(run.stdout).toContain(option);
    expect(run.stdout).toContain('$ ftrack-roles doctor --format json');
    expect(run.stdout).toContain('Read-only: nothing is changed on the server.');
    expect(run.stdout).toContain(
      'Exit status: 0 everything ftrack-roles needs works (warnings allowed), 1 a check failed.',
    );
  });
});

describe('doctor finds what is wrong', () => {
  it('a wrong key: exit 1, the credentials line and its hint, nothing after it, no key shown', async () => {
    const wrong = 'wrong-key-1234567890';
    const run = await cli(['doctor'], env({ FTRACK_API_KEY: wrong }));
    expect(run.code).toBe(1);
    expect(lineOf(run.stdout, 'credentials')).toMatch(
      /^ERROR credentials +svc-access was refused: ftrack refused the API user or key \(InvalidCredentialsError, api_credentials_invalid\)/,
    );
    expect(hintOf(run.stdout, 'credentials')).toContain('cannot tell which is wrong');
    expect(lineOf(run.stdout, 'connection')).toMatch(/^ok /);
    expect(lineOf(run.stdout, 'permission')).toBe(
      'skip  permission     Not checked: the credentials were refused.',
    );
    expect(run.stdout + run.stderr).not.toContain(wrong);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('an unknown user gets the same answer: the hint says they cannot be told apart', async () => {
    const run = await cli(['doctor', '--format', 'json'], env({ FTRACK_API_USER: 'nobody' }));
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as DoctorReport;
    const credentials = report.checks.find((c) => c.id === 'credentials')!;
    expect(credentials.status).toBe('error');
    expect(credentials.details).toEqual({
      exception: 'InvalidCredentialsError',
      error_code: 'api_credentials_invalid',
    });
    expect(run.stdout).not.toContain(KEY);
  });

  it('a trailing /api: an error with the URL to use; the rest checked without it', async () => {
    const run = await cli(['doctor', '--server', `${emu.url}/api`], env());
    expect(run.code).toBe(1);
    expect(lineOf(run.stdout, 'url')).toContain(`every request would go to ${emu.url}/api/api`);
    expect(hintOf(run.stdout, 'url')).toContain(
      `hint: Use --server ${emu.url} (or FTRACK_SERVER=${emu.url}).`,
    );
    expect(lineOf(run.stdout, 'credentials')).toMatch(/^ok /);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/; fix url \(exit 1\)\.$/);
  });

  it('plain http to another host: refused before anything is sent', async () => {
    emu.resetCounters();
    const run = await cli(['doctor'], env({ FTRACK_SERVER: 'http://ftrack.studio.invalid' }));
    expect(run.code).toBe(1);
    expect(lineOf(run.stdout, 'url')).toContain('Plain http to ftrack.studio.invalid');
    expect(lineOf(run.stdout, 'connection')).toMatch(/^skip /);
    expect(emu.requestCount()).toBe(0);
  });

  it('a missing key: the setting named, nothing sent', async () => {
    const run = await cli(['doctor'], env({ FTRACK_API_KEY: '' }));
    expect(run.code).toBe(1);
    expect(lineOf(run.stdout, 'credentials')).toContain(
      'No API key given: pass --api-key-file <file> or set FTRACK_API_KEY.',
    );
  });

  it('nothing listening: a connection error with its hint', async () => {
    const run = await cli(['doctor', '--server', 'http://127.0.0.1:9'], env());
    expect(run.code).toBe(1);
    expect(lineOf(run.stdout, 'connection')).toMatch(
      /^ERROR connection +Could not talk to http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED/,
    );
    expect(hintOf(run.stdout, 'connection')).toContain('Nothing listens');
  });
});

describe('doctor and the permission of the API user', () => {
  let small: Emulator;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-doctor-'));
    const seed = join(dir, 'seed.yaml');
    writeFileSync(
      seed,
      [
        'security_roles: [{ name: Administrator, type: PROJECT }, { name: User, type: PROJECT }]',
        'projects: [{ name: alpha }]',
        'users:',
        '  - { username: admin, api_key: admin-key, roles: { Administrator: all-open } }',
        '  - { username: lead, api_key: lead-key, roles: { Administrator: [alpha], User: all-open } }',
        '',
      ].join('\n'),
    );
    small = await startEmulator({ seedFile: seed });
  });
  afterAll(async () => {
    await small.stop();
  });

  it('an API user without Administrator on all open projects: exit 1', async () => {
    const run = await cli(['doctor'], {
      FTRACK_SERVER: small.url,
      FTRACK_API_USER: 'lead',
      FTRACK_API_KEY: 'lead-key',
    });
    expect(run.code).toBe(1);
    expect(lineOf(run.stdout, 'permission')).toBe(
      'ERROR permission     lead holds Administrator (named projects only), User (all open projects): ftrack-roles needs Administrator on all open projects to change roles.',
    );
    expect(hintOf(run.stdout, 'permission')).toContain(
      'give lead the security role Administrator on all open projects',
    );
    expect(writesSent(small)).toEqual([]);
    expect(run.stdout).not.toContain('lead-key');
  });
});
