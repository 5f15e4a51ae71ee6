import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLOOR_PAGE_SIZE, runFetchFloor, tableRowCounts } from './fetch-floor.js';
import type { Studio } from './generate-studio.js';
import type { EmulatorHost } from './host-client.js';
import { medianBy } from './median.js';
import { runCli, runNodeScript, type CliRun } from './run-cli.js';
import type { ServerModel } from './server-models.js';
import type { Layout, StudioFiles } from './write-studio.js';

/** One measured step: time, requests and bytes the client received. */
export interface Step {
  wallMs: number;
  requests: number;
  bytesReceived: number;
  /** The most requests the emulator held at once during the step. */
  maxInFlight?: number;
  peakRssMb?: number;
  /** CPU time of the measured process (ms). */
  cpuMs?: number;
  /** Garbage-collection pauses of its main thread (ms). */
  gcMs?: number;
  writeRequests?: number;
  writeOperations?: number;
}

export type PlanStep = Step & { changes: number; operations: number };

/** The one-query script: the changes it found, and the pages and rows it read. */
export type ScriptStep = Step & { changes: number; pages: number; rows: number };

/** The fetch floor at a server model: `connections` requests in flight, `pageSize` rows. */
export type FloorStep = Step & { connections: number; pageSize: number };

interface HostCounts {
  requests: number;
  bytesSent: number;
  maxInFlight: number;
  writeRequests: number;
  writeOperations: number;
}

/** Runs `fn` between a counter reset and a stats read of the emulator host. */
export async function counted<T>(
  host: EmulatorHost,
  fn: () => Promise<T>,
): Promise<[T, HostCounts]> {
  await host.reset();
  const value = await fn();
  return [value, await host.stats()];
}

/** A CLI (or script) run with the emulator's counts, as a Step. */
export function stepOf(run: CliRun, counts: HostCounts): Step {
  return {
    wallMs: run.wallMs,
    requests: counts.requests,
    bytesReceived: counts.bytesSent,
    maxInFlight: counts.maxInFlight,
    peakRssMb: run.peakRssMb,
    cpuMs: run.cpuMs,
    gcMs: run.gcMs,
  };
}

export function cliEnv(host: EmulatorHost, studio: Studio): Record<string, string> {
  return {
    FTRACK_SERVER: host.url,
    FTRACK_API_USER: studio.apiUser.username,
    FTRACK_API_KEY: studio.apiUser.apiKey,
    NO_COLOR: '1',
  };
}

export function checkRun(run: CliRun, what: string, ok: number[]): void {
  if (!ok.includes(run.code))
    throw new Error(`${what} exited ${run.code}: ${run.stderr.slice(0, 2000)}`);
}

/** `--cpu-prof` flags for one process when profiling was asked for. */
export function profileArgs(dir: string | undefined, name: string): string[] {
  return dir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(dir, name)}`];
}

/** Everything needed to run a command against one emulator host. */
export interface RunContext {
  host: EmulatorHost;
  studio: Studio;
  files: StudioFiles;
  runs: number;
}

/**
 * Runs a CLI command `runs` times (read-only commands only); keeps the run with the median
 * time and the highest peak RSS and in-flight count of all runs.
 */
export async function measureCommand(
  ctx: RunContext,
  args: string[],
  ok: number[],
  nodeArgs: string[] = [],
): Promise<Step & { stdout: string }> {
  const steps: (Step & { stdout: string })[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    const [run, counts] = await counted(ctx.host, () =>
      runCli(args, { cwd: ctx.files.dir, env: cliEnv(ctx.host, ctx.studio), nodeArgs }),
    );
    checkRun(run, args[0]!, ok);
    steps.push({ ...stepOf(run, counts), stdout: run.stdout });
  }
  return {
    ...medianBy(steps, (s) => s.wallMs),
    peakRssMb: Math.max(...steps.map((s) => s.peakRssMb ?? 0)),
    maxInFlight: Math.max(...steps.map((s) => s.maxInFlight ?? 0)),
  };
}

export async function measurePlan(
  ctx: RunContext,
  layout: Layout,
  nodeArgs: string[],
): Promise<PlanStep> {
  const args = ['plan', ctx.files.configDirs[layout], '--format', 'json'];
  const { stdout, ...step } = await measureCommand(ctx, args, [0], nodeArgs);
  const plan = JSON.parse(stdout) as { summary: { changes: number }; operations: unknown[] };
  return { ...step, changes: plan.summary.changes, operations: plan.operations.length };
}

const SCRIPT = fileURLToPath(new URL('../baselines/one-query-script.js', import.meta.url));

/** The one-query script (bench/baselines), `runs` times; the median run is kept. */
export async function measureScript(ctx: RunContext): Promise<ScriptStep> {
  const steps: ScriptStep[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    const [run, counts] = await counted(ctx.host, () =>
      runNodeScript(SCRIPT, [ctx.files.configDirs.split], {
        cwd: ctx.files.dir,
        env: cliEnv(ctx.host, ctx.studio),
      }),
    );
    checkRun(run, 'the one-query script', [0]);
    const last = run.stdout.trimEnd().split('\n').pop() ?? '{}';
    const summary = JSON.parse(last) as { changes: number; pages: number; rows: number };
    steps.push({ ...stepOf(run, counts), ...summary });
  }
  return {
    ...medianBy(steps, (s) => s.wallMs),
    peakRssMb: Math.max(...steps.map((s) => s.peakRssMb ?? 0)),
  };
}

/**
 * The fetch floor, `runs` times (the median run kept): at the CLI's page size (or the
 * server's cap, when smaller) with `connections` requests in flight.
 */
export async function measureFloor(
  ctx: RunContext,
  model: ServerModel,
  connections: number,
): Promise<FloorStep> {
  const pageSize = Math.min(FLOOR_PAGE_SIZE, model.pageSizeLimit ?? FLOOR_PAGE_SIZE);
  const steps: FloorStep[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    const [run, counts] = await counted(ctx.host, () =>
      runFetchFloor({
        url: ctx.host.url,
        apiUser: ctx.studio.apiUser.username,
        apiKey: ctx.studio.apiUser.apiKey,
        counts: tableRowCounts(ctx.studio),
        pageSize,
        connections,
      }),
    );
    steps.push({
      wallMs: run.wallMs,
      requests: counts.requests,
      bytesReceived: counts.bytesSent,
      maxInFlight: counts.maxInFlight,
      connections,
      pageSize,
    });
  }
  return medianBy(steps, (s) => s.wallMs);
}
