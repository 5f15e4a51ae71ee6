import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLOOR_PAGE_SIZE, runFetchFloor, tableRowCounts } from './fetch-floor.js';
import { runFtrackApiBaseline, type BaselineResult } from './ftrack-api-baseline.js';
import { generateStudio, type StudioSize, type Studio } from './generate-studio.js';
import { countDifference, countGrants } from './holdings.js';
import { startEmulatorHost, type EmulatorHost } from './host-client.js';
import { measureConfig, type ConfigCheckResult } from './measure-config.js';
import { medianBy } from './median.js';
import { runCli, type CliRun } from './run-cli.js';
import { writeStudio, type Layout, type StudioFiles } from './write-studio.js';

/** One measured step: time, requests and bytes the client received. */
export interface Step {
  wallMs: number;
  requests: number;
  bytesReceived: number;
  peakRssMb?: number;
  /** CPU time of the CLI process (ms). */
  cpuMs?: number;
  writeRequests?: number;
  writeOperations?: number;
}

export type PlanStep = Step & { changes: number; operations: number };

export interface LatencyResult {
  latencyMs: number;
  seedMs: number;
  /** `plan` of the split layout (access/). */
  plan: PlanStep;
  /** `plan` of the one-file layout (access-one-file/), when its size was selected. */
  planOneFile?: PlanStep;
  floor: Step;
  apply: Step & { code: number };
  baselineA: Step & BaselineResult;
}

export interface SizeResult {
  size: StudioSize;
  studio: {
    users: number;
    projects: number;
    privateProjects: number;
    roles: number;
    roleAssignments: number;
    grants: number;
    differingGrants: number;
  };
  /** Empty with `configOnly`. */
  latencies: LatencyResult[];
  /** The config check of each layout, when measured for this size. */
  configCheck?: ConfigCheckResult[];
}

export interface MeasureOptions {
  latencies: number[];
  /** Plan runs per latency (the median is kept). */
  planRuns: number;
  /** Users of baseline (a) actually queried. */
  baselineSample: number;
  log: (line: string) => void;
  /** Write V8 CPU profiles of every CLI run and emulator host here (slows them down). */
  cpuProfDir?: string;
  /** Also plan the one-file layout at every latency (before apply changes the server). */
  oneFile: boolean;
  /** Runs of each config probe mode per layout; 0: the config check is not measured. */
  configRuns: number;
  /** Only the config check: no emulator, plan or apply. */
  configOnly: boolean;
}

function describeStudio(studio: Studio): SizeResult['studio'] {
  let grants = 0;
  let differing = 0;
  let assignments = 0;
  for (const user of studio.users) {
    grants += countGrants(user.current);
    differing += countDifference(user.current, user.desired);
    assignments += Object.keys(user.current).length;
  }
  return {
    users: studio.users.length,
    projects: studio.projects.length,
    privateProjects: studio.projects.filter((p) => p.isPrivate).length,
    roles: studio.roles.length,
    roleAssignments: assignments,
    grants,
    differingGrants: differing,
  };
}

/** Runs `fn` between a counter reset and a stats read of the emulator host. */
async function counted<T>(
  host: EmulatorHost,
  fn: () => Promise<T>,
): Promise<[T, number, number, { writeRequests: number; writeOperations: number }]> {
  await host.reset();
  const value = await fn();
  const stats = await host.stats();
  return [value, stats.requests, stats.bytesSent, stats];
}

function env(host: EmulatorHost, studio: Studio): Record<string, string> {
  return {
    FTRACK_SERVER: host.url,
    FTRACK_API_USER: studio.apiUser.username,
    FTRACK_API_KEY: studio.apiUser.apiKey,
    NO_COLOR: '1',
  };
}

function checkRun(run: CliRun, what: string, ok: number[]): void {
  if (!ok.includes(run.code))
    throw new Error(`${what} exited ${run.code}: ${run.stderr.slice(0, 2000)}`);
}

/** The fetch floor, `runs` times; the run with the median time is kept. */
async function measureFloor(host: EmulatorHost, studio: Studio, runs: number): Promise<Step> {
  const steps: Step[] = [];
  for (let i = 0; i < runs; i++) {
    const [run, requests, bytesReceived] = await counted(host, () =>
      runFetchFloor({
        url: host.url,
        apiUser: studio.apiUser.username,
        apiKey: studio.apiUser.apiKey,
        counts: tableRowCounts(studio),
        pageSize: FLOOR_PAGE_SIZE,
        connections: 8,
      }),
    );
    steps.push({ wallMs: run.wallMs, requests, bytesReceived });
  }
  return medianBy(steps, (s) => s.wallMs);
}

/** `--cpu-prof` flags for one process when profiling was asked for. */
function profileArgs(dir: string | undefined, name: string): string[] {
  return dir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(dir, name)}`];
}

async function measurePlan(
  host: EmulatorHost,
  studio: Studio,
  files: StudioFiles,
  layout: Layout,
  runs: number,
  nodeArgs: string[],
): Promise<PlanStep> {
  const steps: PlanStep[] = [];
  for (let i = 0; i < runs; i++) {
    const [run, requests, bytes] = await counted(host, () =>
      runCli(['plan', files.configDirs[layout], '--format', 'json'], {
        cwd: files.dir,
        env: env(host, studio),
        nodeArgs,
      }),
    );
    checkRun(run, 'plan', [0]);
    const plan = JSON.parse(run.stdout) as { summary: { changes: number }; operations: unknown[] };
    steps.push({
      wallMs: run.wallMs,
      requests,
      bytesReceived: bytes,
      peakRssMb: run.peakRssMb,
      cpuMs: run.cpuMs,
      changes: plan.summary.changes,
      operations: plan.operations.length,
    });
  }
  return {
    ...medianBy(steps, (s) => s.wallMs),
    peakRssMb: Math.max(...steps.map((s) => s.peakRssMb ?? 0)),
  };
}

async function measureLatency(
  studio: Studio,
  files: StudioFiles,
  latencyMs: number,
  options: MeasureOptions,
): Promise<LatencyResult> {
  const name = `${studio.size.name}-${latencyMs}ms`;
  const host = await startEmulatorHost(
    files.seedFile,
    latencyMs,
    profileArgs(options.cpuProfDir, `${name}-emulator`),
  );
  try {
    const log = (what: string, ms: number): void =>
      options.log(`  ${studio.size.name} ${latencyMs} ms: ${what} ${(ms / 1000).toFixed(2)} s`);
    log('emulator seeded', host.seedMs);
    const floor = await measureFloor(host, studio, options.planRuns);
    log('fetch floor', floor.wallMs);
    const planArgs = profileArgs(options.cpuProfDir, `${name}-plan`);
    const plan = await measurePlan(host, studio, files, 'split', options.planRuns, planArgs);
    log('plan', plan.wallMs);
    const planOneFile = options.oneFile
      ? await measureOneFilePlan(host, studio, files, plan, options, name)
      : undefined;
    if (planOneFile !== undefined) log('plan, one file', planOneFile.wallMs);
    const [baseline, baselineRequests, baselineBytes] = await counted(host, () =>
      runFtrackApiBaseline({ url: host.url, studio, sample: options.baselineSample }),
    );
    log(`baseline (a) on ${baseline.sampled} users, estimated`, baseline.estimatedMs);
    const [applyRun, applyRequests, applyBytes, applyStats] = await counted(host, () =>
      runCli(
        [
          'apply',
          files.configDirs.split,
          '--yes',
          '--audit-log',
          join(files.dir, `audit-${latencyMs}.jsonl`),
        ],
        {
          cwd: files.dir,
          env: env(host, studio),
          nodeArgs: profileArgs(options.cpuProfDir, `${name}-apply`),
        },
      ),
    );
    checkRun(applyRun, 'apply', [0]);
    log('apply', applyRun.wallMs);
    return {
      latencyMs,
      seedMs: host.seedMs,
      plan,
      ...(planOneFile === undefined ? {} : { planOneFile }),
      floor,
      apply: {
        wallMs: applyRun.wallMs,
        requests: applyRequests,
        bytesReceived: applyBytes,
        peakRssMb: applyRun.peakRssMb,
        cpuMs: applyRun.cpuMs,
        writeRequests: applyStats.writeRequests,
        writeOperations: applyStats.writeOperations,
        code: applyRun.code,
      },
      baselineA: {
        ...baseline,
        wallMs: baseline.estimatedMs,
        requests: baselineRequests,
        bytesReceived: baselineBytes,
      },
    };
  } finally {
    await host.stop();
  }
}

/** `plan` of the one-file layout; the same changes and operations as the split one. */
async function measureOneFilePlan(
  host: EmulatorHost,
  studio: Studio,
  files: StudioFiles,
  split: PlanStep,
  options: MeasureOptions,
  name: string,
): Promise<PlanStep> {
  const nodeArgs = profileArgs(options.cpuProfDir, `${name}-plan-one-file`);
  const plan = await measurePlan(host, studio, files, 'one file', options.planRuns, nodeArgs);
  if (plan.changes !== split.changes || plan.operations !== split.operations) {
    throw new Error(
      `plan of the one-file layout: ${plan.changes} changes, ${plan.operations} operations; split: ${split.changes}, ${split.operations}`,
    );
  }
  return plan;
}

/**
 * Generates one studio size, measures its config check (before any emulator runs) and
 * then plan and apply at every latency (a fresh emulator each).
 */
export async function measureSize(size: StudioSize, options: MeasureOptions): Promise<SizeResult> {
  const studio = generateStudio(size);
  const dir = join(tmpdir(), `ftrack-roles-bench-${size.name}-${process.pid}`);
  const files = writeStudio(studio, dir);
  try {
    const configCheck =
      options.configRuns > 0
        ? await measureConfig(files, {
            runs: options.configRuns,
            users: studio.users.length,
            log: options.log,
            label: size.name,
          })
        : undefined;
    const latencies: LatencyResult[] = [];
    for (const latencyMs of options.configOnly ? [] : options.latencies) {
      latencies.push(await measureLatency(studio, files, latencyMs, options));
    }
    return {
      size,
      studio: describeStudio(studio),
      latencies,
      ...(configCheck === undefined ? {} : { configCheck }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
