import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI_BIN } from './paths.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Spawn to exit, node start-up included (ms). */
  wallMs: number;
  /** Peak RSS of the CLI process (MB). */
  peakRssMb: number;
  /** User + system CPU time of the CLI process (ms). */
  cpuMs: number;
  /** Garbage-collection pauses of its main thread (ms; `gc` performance entries). */
  gcMs: number;
}

export interface CliRunOptions {
  cwd: string;
  env: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

const RSS_LINE = /\nBENCH_MAX_RSS_KB=(\d+) BENCH_CPU_MS=(\d+) BENCH_GC_MS=(\d+)\n$/;

/** Runs `node dist/cli/bin.js ...args` as a child and measures it. */
export function runCli(args: string[], options: CliRunOptions): Promise<CliRun> {
  return runNodeScript(CLI_BIN, args, options);
}

/** Runs `node SCRIPT ...args` as a child and measures it (time, peak RSS, CPU, GC). */
export function runNodeScript(
  script: string,
  args: string[],
  options: CliRunOptions,
): Promise<CliRun> {
  const preload = fileURLToPath(new URL('./rss-preload.js', import.meta.url));
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', preload, script, ...args],
    { cwd: options.cwd, env: { PATH: process.env['PATH'] ?? '', ...options.env } },
  );
  return collectOutput(child).then(({ code, stdout, stderr: all }) => {
    const wallMs = performance.now() - started;
    const match = RSS_LINE.exec(all);
    return {
      code,
      stdout,
      stderr: match ? all.slice(0, match.index) : all,
      wallMs,
      peakRssMb: match ? Number(match[1]) / 1024 : Number.NaN,
      cpuMs: match ? Number(match[2]) : Number.NaN,
      gcMs: match ? Number(match[3]) : Number.NaN,
    };
  });
}

/** A child's exit code (-1 when killed) and all it wrote, once it has closed. */
export function collectOutput(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
