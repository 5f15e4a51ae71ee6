import type { CliIo } from '../../src/cli/io.js';

/** A CliIo that records stdout and stderr, for running the CLI in-process. */
export function fakeIo(cwd: string, env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    env,
    cwd,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    confirm: () => Promise.resolve(false),
    now: () => new Date('2026-01-01T00:00:00Z'),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
