import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/main.js';
import { post } from './helpers.js';

function fakeIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: {},
    cwd: process.cwd(),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    confirm: () => Promise.resolve(false),
    now: () => new Date(0),
  };
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

const studioSeed = join(import.meta.dirname, '../../../examples/studio/seed.yaml');

describe('ftrack-roles emulator', () => {
  it('prints "listening on" first, serves the seed, and stops on SIGTERM', async () => {
    const io = fakeIo();
    const running = runCli(['emulator', '--port', '0', '--seed', studioSeed], io);
    await waitFor(() => io.out.length > 0);
    const first = io.out.join('').split('\n')[0]!;
    expect(first).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = first.slice('listening on '.length);
    const response = await post(
      url,
      [{ action: 'query', expression: 'select username from User where username is maria' }],
      {
        'ftrack-user': 'svc-access',
        'ftrack-api-key': 'local-demo-key',
      },
    );
    expect(response.json).toMatchObject([{ data: [{ username: 'maria' }] }]);
    process.emit('SIGTERM');
    expect(await running).toBe(0);
  });

  it('reads --seed and writes --state relative to its working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-cwd-'));
    try {
      writeFileSync(
        join(dir, 'seed.yaml'),
        'security_roles: [{ name: Administrator, type: PROJECT }]\n' +
          'users: [{ username: root, api_key: k, roles: { Administrator: all-open } }]\n',
      );
      const io = { ...fakeIo(), cwd: dir };
      const running = runCli(
        ['emulator', '--port', '0', '--seed', 'seed.yaml', '--state', 'state.json'],
        io,
      );
      await waitFor(() => io.out.length > 0);
      expect(io.out.join('')).toMatch(/^listening on /);
      expect(existsSync(join(dir, 'state.json'))).toBe(true);
      process.emit('SIGTERM');
      expect(await running).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains itself in --help with an example', async () => {
    const io = fakeIo();
    expect(await runCli(['emulator', '--help'], io)).toBe(0);
    const help = io.out.join('');
    expect(help).toContain('--seed <file>');
    expect(help).toContain('--state <file>');
    expect(help).toContain('Example:');
  });

  it('refuses a corrupt state file with a clear error and exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
    const state = join(dir, 'state.json');
    writeFileSync(state, 'garbage');
    const io = fakeIo();
    expect(await runCli(['emulator', '--state', state], io)).toBe(1);
    expect(io.err.join('')).toMatch(/Error: The emulator state file .* is corrupt/);
    expect(io.out).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a bad port', async () => {
    const io = fakeIo();
    expect(await runCli(['emulator', '--port', 'x'], io)).toBe(1);
    expect(io.err.join('')).toContain('expected a port number');
  });
});
