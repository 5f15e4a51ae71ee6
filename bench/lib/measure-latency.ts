import { join } from 'node:path';
import { runFtrackApiBaseline, type BaselineResult } from './ftrack-api-baseline.js';
import type { Studio } from './generate-studio.js';
import { startEmulatorHost } from './host-client.js';
import { measureApplyPlan, measureReadCommands, type CommandsResult } from './measure-commands.js';
import { runCli } from './run-cli.js';
import type { ServerModel } from './server-models.js';
import {
  checkRun,
  cliEnv,
  counted,
  measureFloor,
  measurePlan,
  measureScript,
  profileArgs,
  stepOf,
  type FloorStep,
  type PlanStep,
  type RunContext,
  type ScriptStep,
  type Step,
} from './steps.js';
import type { StudioFiles } from './write-studio.js';

/** The CLI's default pool size (requests in flight at most). */
const CLI_CONNECTIONS = 8;

export interface LatencyResult {
  /** The server measured against: a latency alone, or the realistic model. */
  server: ServerModel;
  latencyMs: number;
  seedMs: number;
  /** `plan` of the split layout (access/). */
  plan: PlanStep;
  /** `plan` of the one-file layout (access-one-file/), when its size was selected. */
  planOneFile?: PlanStep;
  /**
   * The fetch floor: the CLI's page size (the server's cap when smaller), 8 requests in
   * flight, or as many as the server has workers when it has fewer.
   */
  floor: FloorStep;
  /** With fewer workers than 8: the floor with 8 in flight too (the CLI's pool size). */
  floorCliConnections?: FloorStep;
  /** The one-query script (bench/baselines/one-query-script.ts). */
  script: ScriptStep;
  apply: Step & { code: number };
  baselineA: Step & BaselineResult;
  /** drift, export, explain and apply --plan (the sizes of `--command-sizes`). */
  commands?: CommandsResult;
}

export interface LatencyOptions {
  /** Plan runs (and floor, script and command runs) per server model; the median is kept. */
  planRuns: number;
  /** Users of baseline (a) actually queried. */
  baselineSample: number;
  log: (line: string) => void;
  /** Write V8 CPU profiles of every CLI run and emulator host here (slows them down). */
  cpuProfDir?: string;
  /** Also plan the one-file layout (before apply changes the server). */
  oneFile: boolean;
  /** Also measure drift, export, explain and apply --plan. */
  commands: boolean;
}

/** Floors: at the server's workers when fewer than the CLI's 8, and then at 8 as well. */
async function measureFloors(
  ctx: RunContext,
  model: ServerModel,
): Promise<Pick<LatencyResult, 'floor' | 'floorCliConnections'>> {
  const workers = model.workers ?? CLI_CONNECTIONS;
  if (workers >= CLI_CONNECTIONS) return { floor: await measureFloor(ctx, model, CLI_CONNECTIONS) };
  return {
    floor: await measureFloor(ctx, model, workers),
    floorCliConnections: await measureFloor(ctx, model, CLI_CONNECTIONS),
  };
}

/** `plan` of the one-file layout; the same changes and operations as the split one. */
async function measureOneFilePlan(ctx: RunContext, split: PlanStep, nodeArgs: string[]) {
  const plan = await measurePlan(ctx, 'one file', nodeArgs);
  if (plan.changes !== split.changes || plan.operations !== split.operations) {
    throw new Error(
      `plan of the one-file layout: ${plan.changes} changes, ${plan.operations} operations; split: ${split.changes}, ${split.operations}`,
    );
  }
  return plan;
}

async function measureApply(ctx: RunContext, name: string, profileDir: string | undefined) {
  const [run, counts] = await counted(ctx.host, () =>
    runCli(
      [
        'apply',
        ctx.files.configDirs.split,
        '--yes',
        '--audit-log',
        join(ctx.files.dir, `audit-${name}.jsonl`),
      ],
      {
        cwd: ctx.files.dir,
        env: cliEnv(ctx.host, ctx.studio),
        nodeArgs: profileArgs(profileDir, `${name}-apply`),
      },
    ),
  );
  checkRun(run, 'apply', [0]);
  return {
    ...stepOf(run, counts),
    writeRequests: counts.writeRequests,
    writeOperations: counts.writeOperations,
    code: run.code,
  };
}

/**
 * Everything measured against one fresh emulator: the floors, plan (both layouts), the
 * one-query script, baseline (a), the read-only commands, then apply; apply --plan on a
 * second fresh emulator.
 */
export async function measureLatency(
  studio: Studio,
  files: StudioFiles,
  model: ServerModel,
  options: LatencyOptions,
): Promise<LatencyResult> {
  const name = `${studio.size.name}-${model.label.replace(' ', '')}`;
  const prof = options.cpuProfDir;
  const host = await startEmulatorHost(
    files.seedFile,
    model,
    profileArgs(prof, `${name}-emulator`),
  );
  const ctx: RunContext = { host, studio, files, runs: options.planRuns };
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (!stopped) await host.stop();
    stopped = true;
  };
  const log = (what: string, ms: number): void =>
    options.log(`  ${studio.size.name} ${model.label}: ${what} ${(ms / 1000).toFixed(2)} s`);
  try {
    log('emulator seeded', host.seedMs);
    const floors = await measureFloors(ctx, model);
    log(`fetch floor (${floors.floor.connections} in flight)`, floors.floor.wallMs);
    if (floors.floorCliConnections !== undefined)
      log('fetch floor (8 in flight)', floors.floorCliConnections.wallMs);
    const plan = await measurePlan(ctx, 'split', profileArgs(prof, `${name}-plan`));
    log('plan', plan.wallMs);
    const planOneFile = options.oneFile
      ? await measureOneFilePlan(ctx, plan, profileArgs(prof, `${name}-plan-one-file`))
      : undefined;
    if (planOneFile !== undefined) log('plan, one file', planOneFile.wallMs);
    const script = await measureScript(ctx);
    log(`one-query script (${script.changes} changes; plan: ${plan.changes})`, script.wallMs);
    if (script.changes !== plan.changes)
      options.log(
        `  WARNING: the one-query script found ${script.changes} changes, plan ${plan.changes}`,
      );
    const [baseline, baselineCounts] = await counted(host, () =>
      runFtrackApiBaseline({ url: host.url, studio, sample: options.baselineSample }),
    );
    log(`baseline (a) on ${baseline.sampled} users, estimated`, baseline.estimatedMs);
    const reads = options.commands ? await measureReadCommands(ctx, name, prof) : undefined;
    if (reads !== undefined) {
      for (const [command, step] of Object.entries(reads)) log(command, step.wallMs);
    }
    const apply = await measureApply(ctx, name, prof);
    log('apply', apply.wallMs);
    await stop(); // before apply --plan's emulator starts: one emulator at a time
    const applyPlan =
      reads === undefined ? undefined : await measureApplyPlan(ctx, model, name, prof);
    if (applyPlan !== undefined) log('apply --plan (fresh emulator)', applyPlan.wallMs);
    return {
      server: model,
      latencyMs: model.latencyMs,
      seedMs: host.seedMs,
      plan,
      ...(planOneFile === undefined ? {} : { planOneFile }),
      ...floors,
      script,
      apply,
      baselineA: {
        ...baseline,
        wallMs: baseline.estimatedMs,
        requests: baselineCounts.requests,
        bytesReceived: baselineCounts.bytesSent,
      },
      ...(reads === undefined || applyPlan === undefined
        ? {}
        : { commands: { ...reads, applyPlan } }),
    };
  } finally {
    await stop();
  }
}
