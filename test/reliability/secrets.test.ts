import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { startEmulator, type Emulator, type Fault } from '../../src/emulator/index.js';
import { fakeIo } from '../e2e/fake-io.js';
import { ACCESS_DIR, runIn, SEED_FILE, type RunResult } from './helpers.js';

/**
 * Issue 11, part 5: every command and every failure mode runs with a known API key, and
 * the key appears in no stdout, stderr, plan file, audit log, exported file or error.
 * The key is never accepted as a command-line argument.
 */
const SECRET = 'fr-secret-7Qx9ZkL2mN4pW8';
const WRONG = 'fr-wrong-key-3Hj5Tt1Rr6';
const KEYS = [SECRET, WRONG];

let dir: string;
let url: string;
let emulatorRun: Promise<number>;
const emulatorOut = fakeIo('.');
const outputs: string[] = [];
let faulty: Emulator;
let echo: Server;
let echoUrl: string;

function env(extra: Record<string, string | undefined> = {}) {
  return { FTRACK_SERVER: url, FTRACK_API_USER: 'svc-access', FTRACK_API_KEY: SECRET, ...extra };
}

async function run(argv: string[], extra: Record<string, string | undefined> = {}) {
  const result: RunResult = await runIn(dir, argv, env(extra));
  outputs.push(result.stdout, result.stderr);
  return result;
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

/** A server that echoes the key it receives in its error message (a hostile server). */
function startEcho(): Promise<Server> {
  const server = createServer((req, res) => {
    const key = String(req.headers['ftrack-api-key']);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ exception: 'ServerError', content: `bad key ${key}`, error_code: key }),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-secrets-'));
  cpSync(ACCESS_DIR, join(dir, 'access'), { recursive: true });
  const seed = readFileSync(SEED_FILE, 'utf8').replaceAll('local-demo-key', SECRET);
  writeFileSync(join(dir, 'seed.yaml'), seed);
  // The emulator command itself, in-process, serves the other commands.
  emulatorRun = runIn(
    dir,
    // Absolute paths: the emulator command resolves them against the process, not io.cwd.
    [
      'emulator',
      '--port',
      '0',
      '--seed',
      join(dir, 'seed.yaml'),
      '--state',
      join(dir, 'server/state.json'),
    ],
    {},
    { stdout: emulatorOut.io.stdout, stderr: emulatorOut.io.stderr },
  ).then((r) => r.code);
  await waitFor(() => emulatorOut.stdout().includes('\n'));
  url = emulatorOut.stdout().split('\n')[0]!.replace('listening on ', '');
  faulty = await startEmulator({ seed: undefined, seedFile: join(dir, 'seed.yaml') });
  echo = await startEcho();
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});

afterAll(async () => {
  process.emit('SIGTERM');
  await emulatorRun;
  await faulty.stop();
  await new Promise((resolve) => echo.close(resolve));
});

/** Every file the CLI wrote in the work directory, except the server's own state and seed. */
function writtenFiles(): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !/(seed\.yaml|key\.txt|key-two-lines\.txt)$/.test(f))
    .filter((f) => !f.startsWith(join(dir, 'server')));
}

describe('the API key never leaks', () => {
  it('through every command on the success paths', async () => {
    const runs: [string[], number[]][] = [
      [['validate', 'access'], [0]],
      [['validate', 'access', '--format', 'json'], [0]],
      [['validate', 'access', '--format', 'github'], [0]],
      [['validate', 'access', '--format', 'codequality'], [0]],
      [['plan', 'access'], [0]],
      [['plan', 'access', '--format', 'json', '--out', 'plan.json'], [0]],
      [['plan', 'access', '--format', 'markdown', '--detailed-exitcode'], [2]],
      [['plan', 'access', '--format', 'github'], [0]],
      [['plan', 'access', '--format', 'codequality'], [0]],
      [['show', 'plan.json'], [0]],
      [['show', 'plan.json', '--format', 'markdown', '--detailed-exitcode'], [2]],
      [['drift', 'access'], [2]],
      [['drift', 'access', '--format', 'json'], [2]],
      [['drift', 'access', '--format', 'markdown'], [2]],
      [['adopt', 'access'], [2]],
      [['adopt', 'access', '--format', 'json'], [2]],
      [['explain', 'access', '--user', 'ana'], [0]],
      [['explain', 'access', '--project', 'falcon', '--format', 'json'], [0]],
      [['export', '--out', 'exported'], [0]],
      [['catalog', 'pull'], [0]],
      [['catalog', 'pull', '--out', 'catalog.json'], [0]],
      [['apply', 'access', '--dry-run'], [0]],
      [['apply', 'access'], [1]],
      [['apply', '--plan', 'plan.json', '--yes'], [0]],
      [['apply', '--plan', 'plan.json', '--yes'], [4]],
      [['apply', 'access', '--yes'], [0]],
      [['adopt', 'access', '--write', '--add-undeclared', 'access/adopted.yaml'], [0]],
      [['report', 'access'], [0]],
      [['report', 'access', '--format', 'csv', '--out', 'review.csv'], [0]],
      [['report', 'access', '--out', 'signed.json', '--reviewer', 'Jane Doe'], [0]],
      [['report', 'access', '--out', 'review.json'], [0]],
      [['doctor'], [0]],
      [['doctor', '--format', 'json'], [0]],
      [['version'], [0]],
      [['--help'], [0]],
    ];
    for (const [argv, codes] of runs) {
      const result = await run(argv);
      expect(codes, `${argv.join(' ')}: ${result.stderr}`).toContain(result.code);
    }
  });

  it('when the key comes from --api-key-file, and when the key file is malformed', async () => {
    writeFileSync(join(dir, 'key.txt'), `${SECRET}\n`);
    writeFileSync(join(dir, 'key-two-lines.txt'), `${SECRET}\n${SECRET}\n`);
    const fromFile = await run(['plan', 'access', '--api-key-file', 'key.txt'], {
      FTRACK_API_KEY: undefined,
    });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const twoLines = await run(['plan', 'access', '--api-key-file', 'key-two-lines.txt']);
    expect(twoLines.code).toBe(1);
    expect(twoLines.stderr).toContain('single line');
  });

  it('is refused as a command-line argument by every command that connects', async () => {
    for (const command of [
      ['plan', 'access'],
      ['apply', 'access', '--yes'],
      ['drift', 'access'],
      ['adopt', 'access'],
      ['export'],
      ['explain', 'access', '--user', 'ana'],
      ['doctor'],
      ['report', 'access'],
    ]) {
      for (const form of [['--api-key', SECRET], [`--api-key=${SECRET}`]]) {
        const refused = await run([...command, ...form], { FTRACK_API_KEY: undefined });
        expect(refused.code, refused.stderr).toBe(1);
        expect(refused.stderr).toContain('--api-key is not supported');
      }
    }
  });

  it('in every failure mode', async () => {
    const failures: [string[], Record<string, string | undefined>][] = [
      [['plan', 'access'], { FTRACK_API_KEY: WRONG }],
      [['apply', 'access', '--yes'], { FTRACK_API_KEY: WRONG }],
      [['plan', 'access'], { FTRACK_SERVER: 'http://127.0.0.1:9' }],
      [['plan', 'access'], { FTRACK_SERVER: `http://svc-access:${SECRET}@127.0.0.1:9` }],
      [['plan', 'access'], { FTRACK_SERVER: `https://svc-access:${SECRET}@exa mple.com` }],
      [['plan', 'access'], { FTRACK_SERVER: `http://studio.example.com/?key=${SECRET}` }],
      [['plan', 'access'], { FTRACK_SERVER: `http://studio example.com/${SECRET}` }],
      [['plan', 'access'], { FTRACK_SERVER: echoUrl }],
      [['apply', 'access', '--yes'], { FTRACK_SERVER: echoUrl }],
      [['export', '--out', 'exported-echo'], { FTRACK_SERVER: echoUrl }],
      [['catalog', 'pull'], { FTRACK_SERVER: echoUrl }],
      [['catalog', 'pull'], { FTRACK_API_KEY: WRONG }],
      [['drift', 'access'], { FTRACK_API_KEY: WRONG }],
      [['adopt', 'access'], { FTRACK_API_KEY: WRONG }],
      [['explain', 'access', '--user', 'ana'], { FTRACK_API_KEY: WRONG }],
      [['doctor'], { FTRACK_API_KEY: WRONG }],
      [['report', 'access', '--out', 'review-wrong.json'], { FTRACK_API_KEY: WRONG }],
      [['show', 'missing-plan.json'], {}],
      [['doctor'], { FTRACK_SERVER: echoUrl }],
      [
        ['doctor', '--format', 'json'],
        { FTRACK_SERVER: `http://svc-access:${SECRET}@127.0.0.1:9` },
      ],
    ];
    for (const [argv, extra] of failures) {
      const result = await run(argv, extra);
      expect(result.code, `${argv.join(' ')} ${JSON.stringify(extra)}`).toBe(1);
      expect(result.stderr).not.toContain('Internal error');
    }
  });

  it('when the server fails in any injected way', async () => {
    const faults: Fault[] = [
      { kind: 'status', status: 500, on: 'read' },
      { kind: 'status', status: 503, on: 'read', times: 10 },
      { kind: 'malformed-body', on: 'read' },
      { kind: 'truncated-body', on: 'read', times: 10 },
      { kind: 'reset-before-commit', on: 'write' },
      { kind: 'reset-after-commit', on: 'write' },
      { kind: 'truncated-body', on: 'write' },
      { kind: 'malformed-body', on: 'write' },
      { kind: 'status', status: 500, on: 'write' },
    ];
    for (const fault of faults) {
      faulty.injectFault(fault);
      const result = await run(['apply', 'access', '--yes'], { FTRACK_SERVER: faulty.url });
      expect(result.stderr).not.toContain('Internal error');
      // Reset the fault queue by consuming leftovers with a harmless plan.
      await run(['plan', 'access'], { FTRACK_SERVER: faulty.url });
    }
  });

  it('appears nowhere: outputs, plan file, audit log, exported files', () => {
    const written = writtenFiles();
    expect(written.some((f) => f.endsWith('plan.json'))).toBe(true);
    expect(written.some((f) => f.endsWith('audit.jsonl'))).toBe(true);
    expect(written.some((f) => f.includes('exported'))).toBe(true);
    expect(written.some((f) => f.endsWith('review.csv'))).toBe(true);
    expect(written.some((f) => /reviews[/\\][0-9a-f]{64}\.json$/.test(f))).toBe(true);
    for (const key of KEYS) {
      const leaks = outputs.filter((o) => o.includes(key)).map((o) => o.slice(0, 400));
      expect(leaks, key).toEqual([]);
      expect(emulatorOut.stdout() + emulatorOut.stderr()).not.toContain(key);
      for (const file of written) expect(readFileSync(file, 'utf8'), file).not.toContain(key);
      expect(written.filter((f) => f.includes(key))).toEqual([]);
    }
    expect(outputs.length).toBeGreaterThan(60);
  });

  it('covers every command of the CLI', () => {
    const program = buildProgram(fakeIo('.').io, () => undefined);
    const covered = new Set([
      'validate',
      'emulator',
      'plan',
      'apply',
      'drift',
      'export',
      'explain',
      'catalog',
      'doctor',
      'show',
      'adopt',
      'report',
      'version',
    ]);
    expect(program.commands.map((c) => c.name()).filter((n) => !covered.has(n))).toEqual([]);
  });
});
