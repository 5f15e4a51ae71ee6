import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  ConfigError,
  DeclinedError,
  SafetyError,
  UsageError,
  apply,
  drift,
  explain,
  exportFiles,
  exportState,
  plan,
  validate,
  type ConnectionOptions,
} from '../../../src/api/index.js';
import { runCli } from '../../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../../src/emulator/public.js';
import { fakeIo } from '../../e2e/fake-io.js';

/**
 * The programmatic API (docs/api.md) against the emulator: it returns the models the CLI
 * prints with --format json, touches nothing of the process (streams, environment, exit
 * code), throws typed errors without the key, and writes only in apply.
 */
const root = join(import.meta.dirname, '../../..');
const KEY = 'local-demo-key';
const NOW = new Date('2026-01-01T00:00:00Z');
const emulators: Emulator[] = [];

async function studio(): Promise<{ emu: Emulator; cwd: string; connection: ConnectionOptions }> {
  const emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
  emulators.push(emu);
  const cwd = mkdtempSync(join(tmpdir(), 'ftrack-roles-api-'));
  cpSync(join(root, 'examples/studio/access'), join(cwd, 'access'), { recursive: true });
  return { emu, cwd, connection: { server: emu.url, apiUser: 'svc-access', apiKey: KEY } };
}

async function cliJson(emu: Emulator, cwd: string, argv: string[]): Promise<unknown> {
  const run = fakeIo(cwd, {
    FTRACK_SERVER: emu.url,
    FTRACK_API_USER: 'svc-access',
    FTRACK_API_KEY: KEY,
  });
  const code = await runCli([...argv, '--format', 'json'], run.io);
  expect([0, 2], run.stderr()).toContain(code);
  return JSON.parse(run.stdout());
}

const writes = (emu: Emulator) =>
  Object.entries(emu.operationCounts())
    .filter(([action]) => action !== 'query' && action !== 'query_server_information')
    .reduce((n, [, count]) => n + count, 0);

// Nothing of the process: no stream written, no exit code set, no variable read.
let streamWrites: ReturnType<typeof vi.spyOn>[] = [];
const env = { ...process.env };
beforeEach(() => {
  streamWrites = [vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write')];
  process.exitCode = undefined;
  // Settings in the environment that would break every call if they were read.
  process.env['FTRACK_SERVER'] = 'https://wrong.invalid';
  process.env['FTRACK_API_USER'] = 'nobody';
  process.env['FTRACK_API_KEY'] = 'not-the-key';
  process.env['HTTPS_PROXY'] = 'http://127.0.0.1:9';
  process.env['HTTP_PROXY'] = 'http://127.0.0.1:9';
});
afterEach(() => {
  for (const spy of streamWrites) {
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  }
  expect(process.exitCode).toBeUndefined();
  for (const name of [
    'FTRACK_SERVER',
    'FTRACK_API_USER',
    'FTRACK_API_KEY',
    'HTTPS_PROXY',
    'HTTP_PROXY',
  ]) {
    if (env[name] === undefined) delete process.env[name];
    else process.env[name] = env[name];
  }
});
afterAll(async () => {
  await Promise.all(emulators.map((emu) => emu.stop()));
});

describe('the API returns what the CLI prints with --format json', () => {
  it('validate, plan, drift and explain', async () => {
    const { emu, cwd, connection } = await studio();
    const report = await validate({ cwd, now: NOW });
    expect(report.valid).toBe(true);
    expect(report.files.length).toBeGreaterThan(3);

    const { plan: planned, refusals, files } = await plan({ cwd, connection, now: NOW });
    expect(refusals).toEqual([]);
    expect(files).toEqual(report.files);
    expect(planned.summary.changes).toBeGreaterThan(0);
    const seen = await drift({ cwd, connection, now: NOW });
    expect(seen.in_sync).toBe(false);
    const hana = await explain({ cwd, connection, now: NOW, user: 'hana' });
    const falcon = await explain({ cwd, connection, now: NOW, project: 'falcon' });

    for (const spy of streamWrites) spy.mockClear();
    const fromCli = {
      validate: await cliJson(emu, cwd, ['validate']),
      plan: await cliJson(emu, cwd, ['plan']),
      drift: await cliJson(emu, cwd, ['drift']),
      hana: await cliJson(emu, cwd, ['explain', '--user', 'hana']),
      falcon: await cliJson(emu, cwd, ['explain', '--project', 'falcon']),
    };
    expect(JSON.parse(JSON.stringify(report))).toEqual(fromCli.validate);
    expect(planned).toEqual(fromCli.plan);
    // Same keys in the same order: the plan file's documented order.
    expect(JSON.stringify(planned)).toBe(JSON.stringify(fromCli.plan));
    expect(JSON.parse(JSON.stringify(seen))).toEqual(fromCli.drift);
    expect(JSON.parse(JSON.stringify(hana))).toEqual(fromCli.hana);
    expect(JSON.parse(JSON.stringify(falcon))).toEqual(fromCli.falcon);
    expect(writes(emu)).toBe(0);
  });

  it('exportState and exportFiles give the files export --out writes', async () => {
    const { emu, connection } = await studio();
    const model = await exportState({ connection });
    const files = exportFiles(model, { split: 'none' });
    expect(files.map((f) => f.path)).toEqual(['settings.yaml', 'roles.yaml', 'users.yaml']);
    expect(files.find((f) => f.path === 'users.yaml')?.text).toContain('  hana:\n');
    expect(JSON.stringify(model)).not.toContain(KEY);
    expect(writes(emu)).toBe(0);
  });
});

describe('apply', () => {
  it('dry run sends nothing; apply converges; the audit line has no key', async () => {
    const { emu, cwd, connection } = await studio();
    const statuses: string[] = [];
    const dry = await apply({
      cwd,
      connection,
      now: NOW,
      dryRun: true,
      events: { onStatus: (line) => void statuses.push(line) },
    });
    expect(dry.outcome).toBe('dry-run');
    expect(dry.plan.operations.length).toBeGreaterThan(0);
    expect(statuses).toContain('Dry run: nothing was sent.');
    expect(writes(emu)).toBe(0);

    const done = await apply({
      cwd,
      connection,
      now: NOW,
      ciEnvironment: { GITHUB_ACTIONS: 'true' },
    });
    expect(done.outcome).toBe('applied');
    expect(done.auditFailed).toBe(false);
    expect(done.plan.changes).toEqual(dry.plan.changes);
    expect(writes(emu)).toBeGreaterThan(0);
    expect((await drift({ cwd, connection, now: NOW })).in_sync).toBe(true);
    const again = await apply({ cwd, connection, now: NOW });
    expect(again.outcome).toBe('no-changes');

    const audit = readFileSync(join(cwd, '.ftrack-roles/audit.jsonl'), 'utf8');
    expect(
      audit
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { outcome: string }).outcome),
    ).toEqual(['dry-run', 'pending', 'applied', 'no-changes']);
    expect(audit).not.toContain(KEY);
  });

  it('a declined confirmation sends nothing and says so in the audit log', async () => {
    const { emu, cwd, connection } = await studio();
    const asked: number[] = [];
    await expect(
      apply({
        cwd,
        connection,
        now: NOW,
        auditLog: 'audit/log.jsonl',
        events: { confirm: (p) => (asked.push(p.operations.length), 'declined') },
      }),
    ).rejects.toBeInstanceOf(DeclinedError);
    expect(asked[0]).toBeGreaterThan(0);
    expect(writes(emu)).toBe(0);
    expect(readFileSync(join(cwd, 'audit/log.jsonl'), 'utf8')).toContain('"declined"');
  });

  it('a safety refusal throws SafetyError after showing the plan, and sends nothing', async () => {
    const { emu, cwd, connection } = await studio();
    // The example studio's plan removes 3 grants; at most 1 is allowed here.
    const settings = join(cwd, 'access/settings.yaml');
    writeFileSync(
      settings,
      readFileSync(settings, 'utf8').replace('max_removals: 25', 'max_removals: 1'),
    );
    const { refusals } = await plan({ cwd, connection, now: NOW });
    expect(refusals.map((r) => r.code)).toHaveLength(1);
    const shown: number[] = [];
    const error: unknown = await apply({
      cwd,
      connection,
      now: NOW,
      events: { onPlan: (p) => void shown.push(p.summary.changes) },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafetyError);
    expect((error as SafetyError).diagnostics).toEqual(refusals);
    expect(shown).toHaveLength(1);
    expect(writes(emu)).toBe(0);
  });
});

describe('errors', () => {
  it('an invalid config is a ConfigError with file and line, and nothing is sent', async () => {
    const { emu, cwd, connection } = await studio();
    writeFileSync(join(cwd, 'access/bad.yaml'), 'version: 1\nusers:\n  ana:\n    roles: 3\n');
    const diagnostics: string[] = [];
    const error: unknown = await apply({
      cwd,
      connection,
      now: NOW,
      events: { onDiagnostics: (found) => void diagnostics.push(...found.map((d) => d.code)) },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const [first] = (error as ConfigError).diagnostics;
    expect(first?.source).toMatchObject({ file: 'access/bad.yaml', line: 4 });
    expect(diagnostics).toContain(first?.code);
    expect(writes(emu)).toBe(0);
    const report = await validate({ cwd });
    expect(report.valid).toBe(false);
    expect(report.diagnostics[0]).toMatchObject({ file: 'access/bad.yaml', line: 4 });
  });

  it('a wrong key is an AuthenticationError whose message does not hold the key', async () => {
    const { cwd, connection } = await studio();
    const secret = 'wrong-key-7f3a9c1e5b';
    const error: unknown = await plan({
      cwd,
      now: NOW,
      connection: { ...connection, apiKey: secret },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(String((error as Error).message)).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(String((error as Error).stack)).not.toContain(secret);
  });

  it('the connection is never taken from the environment', async () => {
    const { cwd, connection } = await studio();
    const error: unknown = await plan({
      cwd,
      now: NOW,
      connection: { server: connection.server, apiUser: 'svc-access' } as ConnectionOptions,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      'connection.apiKey is missing: give it as a non-empty string.',
    );
  });

  it('a setting missing from a connection function is reported after the config errors', async () => {
    const { cwd } = await studio();
    writeFileSync(join(cwd, 'access/bad.yaml'), 'version: 1\nusers: [\n');
    const error: unknown = await plan({
      cwd,
      now: NOW,
      connection: () => {
        throw new UsageError('no server configured');
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    await expect(
      drift({
        paths: [join(root, 'examples/studio/access')],
        now: NOW,
        connection: () => {
          throw new UsageError('no server configured');
        },
      }),
    ).rejects.toThrow('no server configured');
  });

  it('plain http to a host that is not loopback is refused before anything is sent', async () => {
    const { cwd } = await studio();
    const error: unknown = await drift({
      cwd,
      now: NOW,
      connection: { server: 'http://studio.example.com', apiUser: 'svc-access', apiKey: KEY },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('Refusing to send the API key over plain http');
  });
});
