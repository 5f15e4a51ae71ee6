import { stderr, stdin, stdout } from 'node:process';
import { redactText } from '../session/api-key.js';

/**
 * Everything the CLI touches of its process, injectable so tests can run commands
 * in-process: streams, environment, working directory, TTY-ness and the clock.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** True when stdout is a terminal (colour, progress). */
  stdoutIsTTY: boolean;
  /** True when stderr is a terminal (progress lines). */
  stderrIsTTY: boolean;
  /** True when stdin is a terminal (interactive confirmation). */
  stdinIsTTY: boolean;
  /** Asks a yes/no question on the terminal; only called when stdinIsTTY. */
  confirm: (question: string) => Promise<boolean>;
  now: () => Date;
  /** What no output may show (the API key, once known); runCli sets it. */
  secrets?: Secrets;
}

/**
 * The secrets of a run: every text the CLI writes (stdout, stderr, the audit log) has their
 * exact occurrences replaced by `[redacted]`, diagnostics quoting a config file included.
 */
export class Secrets {
  readonly #values = new Set<string>();

  add(value: string | undefined): void {
    const trimmed = value?.replace(/^\ufeff/, '').trim();
    if (trimmed !== undefined && trimmed !== '') this.#values.add(trimmed);
  }

  redact(text: string): string {
    let out = text;
    for (const value of this.#values) out = redactText(out, value);
    return out;
  }
}

export function processIo(): CliIo {
  return {
    stdout: closableWriter(stdout),
    stderr: closableWriter(stderr),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: stdout.isTTY === true,
    stderrIsTTY: stderr.isTTY === true,
    stdinIsTTY: stdin.isTTY === true,
    confirm: askOnTerminal,
    now: () => new Date(),
  };
}

/**
 * Writes to a stream that the reader may close early (`ftrack-roles plan | head`): once it
 * is gone (EPIPE) further output is dropped and the command runs to its end, so that an
 * apply under way is not cut off by a crash. Other stream errors are not swallowed.
 */
export function closableWriter(stream: NodeJS.WritableStream): (text: string) => void {
  let gone = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    gone = true;
  });
  return (text) => {
    if (!gone) stream.write(text);
  };
}

async function askOnTerminal(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: stdin, output: stderr });
  try {
    const answer = await rl.question(`${question} Only 'yes' will be accepted: `);
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}

/**
 * Colour is used only when the stream written to is a terminal, and never when NO_COLOR
 * is set (https://no-color.org).
 */
export function useColor(io: CliIo, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  const noColor = io.env['NO_COLOR'];
  const tty = stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY;
  return tty && (noColor === undefined || noColor === '');
}
