import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import type { DiagnosticsJson } from '../../src/render/index.js';
import { fakeIo } from './fake-io.js';

/**
 * Issue 27, part 4: GitLab's Code Quality report for merge-request widgets,
 * `validate --format codequality` and `plan --format codequality`: a JSON array in GitLab's
 * documented format, with stable fingerprints, and the exit codes of the text format.
 */

const root = join(import.meta.dirname, '../..');
const KEY = 'local-demo-key';
const SEVERITIES = ['info', 'minor', 'major', 'critical', 'blocker'];

let emu: Emulator;
const env = () => ({ FTRACK_SERVER: emu.url, FTRACK_API_USER: 'svc-access', FTRACK_API_KEY: KEY });

beforeAll(async () => {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
});
afterAll(async () => {
  await emu.stop();
});

async function cli(cwd: string, args: string[], environment: Record<string, string> = env()) {
  const run = fakeIo(cwd, environment);
  const code = await runCli(args, run.io);
  const [stdout, stderr] = [run.stdout(), run.stderr()];
  expect(stdout + stderr).not.toContain(KEY);
  return { code, stdout, stderr };
}

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-codequality-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

/** Parses a report and checks every issue has exactly GitLab's documented fields. */
function parseReport(text: string): Issue[] {
  const issues = JSON.parse(text) as Issue[];
  expect(Array.isArray(issues)).toBe(true);
  for (const issue of issues) {
    expect(Object.keys(issue).sort()).toEqual([
      'check_name',
      'description',
      'fingerprint',
      'location',
      'severity',
    ]);
    expect(Object.keys(issue.location).sort()).toEqual(['lines', 'path']);
    expect(Object.keys(issue.location.lines)).toEqual(['begin']);
    expect(SEVERITIES).toContain(issue.severity);
    expect(issue.description).not.toBe('');
    expect(issue.location.lines.begin).toBeGreaterThanOrEqual(1);
    expect(issue.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  }
  expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  return issues;
}

const BROKEN = [
  'version: 1',
  'roles:',
  '  User: {}',
  'users:',
  '  ana:',
  '    roles:',
  '      Lead: [alpha]',
  '  bo:',
  '    roles:',
  '      User: [alpha, alpha]',
  '',
].join('\n');

describe('validate --format codequality', () => {
  it('reports each diagnostic in the documented format, exit 1 on errors', async () => {
    const dir = tempDir({ 'team.yaml': BROKEN });
    const report = await cli(dir, ['validate', 'team.yaml', '--format', 'codequality']);
    const json = await cli(dir, ['validate', 'team.yaml', '--format', 'json']);
    expect(report.code).toBe(1);
    expect(report.stderr).toBe('');
    const issues = parseReport(report.stdout);
    const { diagnostics } = JSON.parse(json.stdout) as DiagnosticsJson;
    expect(diagnostics.some((d) => d.severity === 'warning')).toBe(true);
    expect(issues).toEqual(
      diagnostics.map((d) => ({
        description: [d.summary, d.detail, d.hint === null ? null : `Hint: ${d.hint}`]
          .filter((part) => part !== null)
          .join('\n'),
        check_name: d.code,
        fingerprint: createHash('sha256')
          .update(JSON.stringify([d.code, d.file, d.line, d.summary]))
          .digest('hex'),
        severity: d.severity === 'error' ? 'major' : 'minor',
        location: { path: 'team.yaml', lines: { begin: d.line } },
      })),
    );
  });

  it('keeps fingerprints stable across runs and edits elsewhere in the file', async () => {
    const dir = tempDir({ 'team.yaml': BROKEN });
    const first = parseReport(
      (await cli(dir, ['validate', 'team.yaml', '--format', 'codequality'])).stdout,
    );
    const again = parseReport(
      (await cli(dir, ['validate', 'team.yaml', '--format', 'codequality'])).stdout,
    );
    expect(again).toEqual(first);
    // A comment added at the end changes no line: the same fingerprints. One added at
    // the top moves every problem down a line: new fingerprints (GitLab shows them as new).
    writeFileSync(join(dir, 'team.yaml'), `${BROKEN}# a comment\n`);
    const edited = parseReport(
      (await cli(dir, ['validate', 'team.yaml', '--format', 'codequality'])).stdout,
    );
    expect(edited.map((i) => i.fingerprint)).toEqual(first.map((i) => i.fingerprint));
    writeFileSync(join(dir, 'team.yaml'), `# a comment\n${BROKEN}`);
    const moved = parseReport(
      (await cli(dir, ['validate', 'team.yaml', '--format', 'codequality'])).stdout,
    );
    expect(moved.map((i) => i.location.lines.begin)).toEqual(
      first.map((i) => i.location.lines.begin + 1),
    );
    for (const issue of moved)
      expect(first.map((i) => i.fingerprint)).not.toContain(issue.fingerprint);
  });

  it('is an empty array for a valid config, exit 0', async () => {
    const { code, stdout } = await cli(root, [
      'validate',
      'examples/studio/access',
      '--format',
      'codequality',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([]);
  });
});

describe('plan --format codequality', () => {
  it('reports plan-time errors at their line, exit 1', async () => {
    const dir = tempDir({
      'team.yaml': 'version: 1\nusers:\n  mariaa:\n    roles:\n      Supervizor: [nebulla]\n',
    });
    const { code, stdout } = await cli(dir, ['plan', 'team.yaml', '--format', 'codequality']);
    expect(code).toBe(1);
    const issues = parseReport(stdout);
    expect(
      issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin]),
    ).toEqual([
      ['FR401', 'major', 'team.yaml', 3],
      ['FR402', 'major', 'team.yaml', 5],
      ['FR403', 'major', 'team.yaml', 5],
    ]);
    expect(issues[0]!.description).toBe(
      'Unknown user "mariaa": the server has no user with this username (did you mean "maria"?)\nHint: Create the user in ftrack first.',
    );
  });

  it('reports a safety refusal as critical, exit 3', async () => {
    const dir = tempDir();
    cpSync(join(root, 'examples/studio/access'), join(dir, 'access'), { recursive: true });
    const settings = join(dir, 'access/settings.yaml');
    writeFileSync(
      settings,
      readFileSync(settings, 'utf8').replace('max_removals: 25', 'max_removals: 1'),
    );
    const { code, stdout } = await cli(dir, ['plan', '--format', 'codequality']);
    expect(code).toBe(3);
    expect(parseReport(stdout).map((i) => [i.check_name, i.severity, i.location.path])).toEqual([
      ['FR451', 'critical', 'access/settings.yaml'],
    ]);
  });

  it('is an empty array for a plan without warnings, exit 0 (2 with --detailed-exitcode)', async () => {
    const access = join(root, 'examples/studio/access');
    const plain = await cli(root, ['plan', access, '--format', 'codequality']);
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).toEqual([]);
    expect(
      (await cli(root, ['plan', access, '--format', 'codequality', '--detailed-exitcode'])).code,
    ).toBe(2);
  });

  it('reports a failure without diagnostics as one issue on the config path, exit 1', async () => {
    const dir = tempDir({
      'team.yaml': 'version: 1\nusers:\n  maria:\n    roles:\n      Administrator: all-open\n',
    });
    const { code, stdout } = await cli(dir, ['plan', 'team.yaml', '--format', 'codequality'], {
      FTRACK_SERVER: emu.url,
      FTRACK_API_KEY: KEY,
    });
    expect(code).toBe(1);
    const issues = parseReport(stdout);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      check_name: 'ftrack-roles plan',
      severity: 'major',
      location: { path: 'team.yaml', lines: { begin: 1 } },
    });
    expect(issues[0]!.description).toMatch(/FTRACK_API_USER/);
  });
});
