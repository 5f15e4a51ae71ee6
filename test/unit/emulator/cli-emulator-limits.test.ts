import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/main.js';
import { post } from './helpers.js';

// `ftrack-roles emulator` with a real server's limits and unknowns: parsing, the second
// startup line, the effect over HTTP, usage errors and --help.

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
const credentials = { 'ftrack-user': 'svc-access', 'ftrack-api-key': 'local-demo-key' };

const ALL = [
  ['--page-size-limit', '2'],
  ['--latency-ms', '1'],
  ['--per-row-ms', '0.5'],
  ['--workers', '3'],
  ['--max-body-bytes', '4096'],
  ['--rate-limit', '100'],
  ['--add-role-scope', 'all-open'],
  ['--grant-all-open-keeps-projects', 'false'],
  ['--collation', 'case-insensitive'],
];

describe('ftrack-roles emulator: limits and unknowns', () => {
  it('parses every option, prints the non-default ones second, and serves with them', async () => {
    const io = fakeIo();
    const args = ['emulator', '--port', '0', '--seed', studioSeed, ...ALL.flat()];
    const running = runCli(args, io);
    await waitFor(() => io.out.length > 0);
    const [first, second, ...rest] = io.out.join('').split('\n');
    expect(first).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(second).toBe(`non-default options: ${ALL.map((a) => a.join(' ')).join(' ')}`);
    expect(rest).toEqual(['']);
    const url = first!.slice('listening on '.length);
    const page = await post(
      url,
      [{ action: 'query', expression: 'select username from User where username like "%A%"' }],
      credentials,
    );
    const [result] = page.json as { data: unknown[]; metadata: { next: { offset: unknown } } }[];
    expect(result!.data).toHaveLength(2);
    expect(result!.metadata.next.offset).toBe(2);
    const big = await post(url, `[${' '.repeat(5000)}]`, credentials);
    expect(big.status).toBe(413);
    process.emit('SIGTERM');
    expect(await running).toBe(0);
  });

  it('prints only the "listening on" line with the defaults', async () => {
    const io = fakeIo();
    const running = runCli(
      ['emulator', '--port', '0', '--add-role-scope', 'none', '--collation', 'binary'],
      io,
    );
    await waitFor(() => io.out.length > 0);
    await new Promise((r) => setTimeout(r, 20));
    expect(io.out.join('')).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    process.emit('SIGTERM');
    expect(await running).toBe(0);
  });

  it.each([
    ['--page-size-limit', '0', 'expected a whole number from 1 up'],
    ['--page-size-limit', '1.5', 'expected a whole number from 1 up'],
    ['--latency-ms', '-5', 'expected a whole number from 0 up'],
    ['--per-row-ms', 'fast', 'expected a number of ms >= 0'],
    ['--workers', '0', 'expected a whole number from 1 up'],
    ['--max-body-bytes', '1e6', 'expected a whole number from 1 up'],
    ['--rate-limit', 'x', 'expected a whole number from 1 up'],
    ['--add-role-scope', 'some', 'Allowed choices are none, all-open'],
    ['--grant-all-open-keeps-projects', 'yes', 'expected true or false'],
    ['--collation', 'ci', 'Allowed choices are binary, case-insensitive'],
  ])('%s %s is a usage error (exit 1)', async (flag, value, message) => {
    const io = fakeIo();
    expect(await runCli(['emulator', flag, value], io)).toBe(1);
    const err = io.err.join('');
    expect(err).toContain(`error: option '${flag} `);
    expect(err).toContain(message);
    expect(io.out).toEqual([]);
  });

  it('describes every option in --help', async () => {
    const io = fakeIo();
    expect(await runCli(['emulator', '--help'], io)).toBe(0);
    const help = io.out.join('').replace(/\s+/g, ' ');
    for (const [flag] of ALL) expect(help).toContain(`${flag!} <`);
    expect(help).toContain("A real server's limits and unknowns");
    expect(help).toMatch(
      /--add-role-scope <scope> .*\(choices: "none", "all-open", default: "none"\)/,
    );
    expect(help).toMatch(/--grant-all-open-keeps-projects <bool> .*\(default: true\)/);
    expect(help).toMatch(/--collation <collation> .*default: "binary"/);
    expect(help).toContain('HTTP 413');
    expect(help).toContain('HTTP 429 with Retry-After');
  });
});
