import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateStudio, type StudioSize, type Studio } from './generate-studio.js';
import { countDifference, countGrants } from './holdings.js';
import { measureConfig, type ConfigCheckResult } from './measure-config.js';
import { measureLatency, type LatencyOptions, type LatencyResult } from './measure-latency.js';
import { commitStudioConfig, measureReport, type ReportResult } from './measure-report.js';
import type { ServerModel } from './server-models.js';
import { writeStudio } from './write-studio.js';

export type { LatencyResult } from './measure-latency.js';
export type { PlanStep, Step } from './steps.js';

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
  /** One per server model measured; empty with `configOnly`. */
  latencies: LatencyResult[];
  /** The config check of each layout, when measured for this size. */
  configCheck?: ConfigCheckResult[];
  /** The access review (`report`) beside plan, one per server, when measured for this size. */
  reports?: ReportResult[];
}

export interface MeasureOptions extends LatencyOptions {
  /** The servers to measure against (a fresh emulator each). */
  servers: ServerModel[];
  /** Runs of each config probe mode per layout; 0: the config check is not measured. */
  configRuns: number;
  /** Only the config check: no emulator, plan or apply. */
  configOnly: boolean;
  /** Also measure `report` (every format) beside plan, at every server. */
  report: boolean;
  /** Open the HTML report in Chromium (at 25 ms, else the first server): with `report`. */
  browser: boolean;
  /** Only `report` beside plan (and the config check when asked): no floor, script, apply... */
  reportOnly: boolean;
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

/**
 * Generates one studio size, measures its config check (before any emulator runs) and
 * then everything else against every server model (a fresh emulator each).
 */
export async function measureSize(size: StudioSize, options: MeasureOptions): Promise<SizeResult> {
  const studio = generateStudio(size);
  const dir = join(tmpdir(), `ftrack-roles-bench-${size.name}-${process.pid}`);
  const files = writeStudio(studio, dir);
  try {
    if (options.report && !options.configOnly) commitStudioConfig(studio, files);
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
    for (const server of options.configOnly || options.reportOnly ? [] : options.servers) {
      latencies.push(await measureLatency(studio, files, server, options));
    }
    const reports: ReportResult[] = [];
    // The page is the same at every server: it is opened in the browser once.
    const browserAt = options.servers.find((s) => s.label === '25 ms') ?? options.servers[0];
    for (const server of options.report && !options.configOnly ? options.servers : []) {
      reports.push(
        await measureReport(studio, files, server, {
          runs: options.planRuns,
          log: options.log,
          browser: options.browser && server === browserAt,
          ...(options.cpuProfDir === undefined ? {} : { cpuProfDir: options.cpuProfDir }),
        }),
      );
    }
    return {
      size,
      studio: describeStudio(studio),
      latencies,
      ...(configCheck === undefined ? {} : { configCheck }),
      ...(reports.length === 0 ? {} : { reports }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
