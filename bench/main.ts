/**
 * `npm run bench` (after `npm run build`): measures plan and apply against the emulator
 * for the studio sizes of issues 10 and 25 and writes bench/results/<date>.json and .md.
 *
 *   node bench/run.js [--sizes S,M,L] [--latencies 0,25,real] [--plan-runs N]
 *                     [--baseline-sample N] [--one-file-sizes M] [--command-sizes M]
 *                     [--config-sizes M,L] [--config-runs N] [--config-only]
 *                     [--report-sizes M] [--report-only] [--browser-sizes M]
 *                     [--out DIR] [--label NAME] [--cpu-prof DIR]
 *
 * Options are described in docs/benchmarks.md.
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { SIZES, type StudioSize } from './lib/generate-studio.js';
import { measureSize, type SizeResult } from './lib/measure-size.js';
import { REPO_ROOT } from './lib/paths.js';
import { parseServerModels, type ServerModel } from './lib/server-models.js';
import { writeResults } from './lib/write-results.js';

interface BenchArgs {
  sizes: StudioSize[];
  /** `--latencies`: a latency alone (ms) or the realistic server model (`real`). */
  servers: ServerModel[];
  planRuns: number;
  baselineSample: number;
  /** Sizes whose one-file layout is planned too. */
  oneFileSizes: Set<string>;
  /** Sizes whose drift, export, explain and apply --plan are measured too. */
  commandSizes: Set<string>;
  /** Sizes whose config check is measured (with `configOnly`: every size). */
  configSizes: Set<string>;
  /** Runs of each config probe (0: none). */
  configRuns: number;
  /** The config check only (no emulator, plan or apply). */
  configOnly: boolean;
  /** Sizes whose access review (`report`, every format) is measured beside plan. */
  reportSizes: Set<string>;
  /** Only plan and report, of every size (no config check, floor, script, apply...). */
  reportOnly: boolean;
  /** Sizes whose HTML report is opened in headless Chromium (when their report runs). */
  browserSizes: Set<string>;
  out: string;
  /** Names the results `<date>-<label>.*` (a partial run beside the day's full one). */
  label?: string;
  cpuProf?: string;
}

/** `S,M` → the sizes, in the order given; an empty list gives none. */
function parseSizes(list: string, option: string): StudioSize[] {
  return list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map((name) => {
      const size = SIZES[name.toUpperCase() as keyof typeof SIZES];
      if (size === undefined)
        throw new Error(`Unknown size "${name}" in ${option} (expected S, M, L or XL).`);
      return size;
    });
}

function parseCount(value: string, option: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`${option} must be a whole number ≥ 0, not "${value}".`);
  return count;
}

/** A `--label`: a file-name part (letters, digits, `-`, `_`). */
function checkLabel(label: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(label))
    throw new Error(`--label must be letters, digits, - or _, not "${label}".`);
  return label;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: 'S,M,L' },
      latencies: { type: 'string', default: '0,25,real' },
      'plan-runs': { type: 'string', default: '3' },
      'baseline-sample': { type: 'string', default: '250' },
      'one-file-sizes': { type: 'string', default: 'M' },
      'command-sizes': { type: 'string', default: 'M' },
      'config-sizes': { type: 'string', default: 'M,L' },
      'config-runs': { type: 'string', default: '3' },
      'config-only': { type: 'boolean', default: false },
      'report-sizes': { type: 'string', default: 'M' },
      'report-only': { type: 'boolean', default: false },
      'browser-sizes': { type: 'string', default: 'M' },
      out: { type: 'string', default: join(REPO_ROOT, 'bench/results') },
      label: { type: 'string' },
      'cpu-prof': { type: 'string' },
    },
  });
  const configRuns = parseCount(values['config-runs'], '--config-runs');
  if (values['config-only'] && configRuns === 0)
    throw new Error('--config-only measures the config check: --config-runs must be ≥ 1.');
  if (values['config-only'] && values['report-only'])
    throw new Error('--config-only and --report-only: choose one.');
  const names = (
    option: 'one-file-sizes' | 'command-sizes' | 'config-sizes' | 'report-sizes' | 'browser-sizes',
  ): Set<string> => new Set(parseSizes(values[option], `--${option}`).map((size) => size.name));
  return {
    sizes: parseSizes(values.sizes, '--sizes'),
    servers: parseServerModels(values.latencies),
    planRuns: Number(values['plan-runs']),
    baselineSample: Number(values['baseline-sample']),
    oneFileSizes: names('one-file-sizes'),
    commandSizes: names('command-sizes'),
    configSizes: names('config-sizes'),
    configRuns,
    configOnly: values['config-only'],
    reportSizes: names('report-sizes'),
    reportOnly: values['report-only'],
    browserSizes: names('browser-sizes'),
    out: values.out,
    ...(values.label === undefined ? {} : { label: checkLabel(values.label) }),
    ...(values['cpu-prof'] === undefined ? {} : { cpuProf: resolve(values['cpu-prof']) }),
  };
}

export async function runBench(argv: string[]): Promise<void> {
  const args = parseBenchArgs(argv);
  const log = (line: string): void => console.error(line);
  const results: SizeResult[] = [];
  const started = performance.now();
  const loadAtStart = loadavg()[0]!;
  for (const size of args.sizes) {
    log(`size ${size.name}: ${size.users} users, ${size.projects} projects`);
    // L and XL are measured once per server: a plan there takes long enough to be stable.
    // S is short and noisy: two more runs for its median.
    const once = size.users >= SIZES.L.users;
    const planRuns = once ? 1 : size.name === 'S' ? args.planRuns + 2 : args.planRuns;
    // S runs baseline (a) on every user; M and L on a sample, extrapolated.
    const baselineSample = size.name === 'S' ? size.users + 1 : args.baselineSample;
    results.push(
      await measureSize(size, {
        servers: args.servers,
        planRuns,
        baselineSample,
        log,
        oneFile: args.oneFileSizes.has(size.name),
        commands: args.commandSizes.has(size.name),
        configRuns:
          !args.reportOnly && (args.configOnly || args.configSizes.has(size.name))
            ? args.configRuns
            : 0,
        configOnly: args.configOnly,
        report: args.reportOnly || args.reportSizes.has(size.name),
        browser: args.browserSizes.has(size.name),
        reportOnly: args.reportOnly,
        ...(args.cpuProf === undefined ? {} : { cpuProfDir: args.cpuProf }),
      }),
    );
  }
  const written = writeResults(args.out, results, loadAtStart, args.label);
  log(
    `done in ${((performance.now() - started) / 1000).toFixed(0)} s: ${written.json}, ${written.markdown}`,
  );
  for (const target of written.report.targets) {
    log(
      `${target.met === undefined ? 'NOT RUN' : target.met ? 'MET    ' : 'MISSED '} ${target.target}: ${target.measured}`,
    );
  }
}
