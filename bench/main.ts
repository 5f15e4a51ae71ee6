/**
 * `npm run bench` (after `npm run build`): measures plan and apply against the emulator
 * for the studio sizes of issue 10 and writes bench/results/<date>.json and .md.
 *
 *   node bench/run.js [--sizes S,M,L] [--latencies 0,25] [--plan-runs N] [--baseline-sample N]
 *                     [--out DIR] [--cpu-prof DIR]
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { SIZES, type StudioSize } from './lib/generate-studio.js';
import { measureSize, type SizeResult } from './lib/measure-size.js';
import { REPO_ROOT } from './lib/paths.js';
import { writeResults } from './lib/write-results.js';

interface BenchArgs {
  sizes: StudioSize[];
  latencies: number[];
  planRuns: number;
  baselineSample: number;
  out: string;
  cpuProf?: string;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: 'S,M,L' },
      latencies: { type: 'string', default: '0,25' },
      'plan-runs': { type: 'string', default: '3' },
      'baseline-sample': { type: 'string', default: '250' },
      out: { type: 'string', default: join(REPO_ROOT, 'bench/results') },
      'cpu-prof': { type: 'string' },
    },
  });
  const sizes = values.sizes.split(',').map((name) => {
    const size = SIZES[name.trim().toUpperCase() as keyof typeof SIZES];
    if (size === undefined) throw new Error(`Unknown size "${name}" (expected S, M or L).`);
    return size;
  });
  return {
    sizes,
    latencies: values.latencies.split(',').map(Number),
    planRuns: Number(values['plan-runs']),
    baselineSample: Number(values['baseline-sample']),
    out: values.out,
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
    // L is measured once per latency: a plan there takes long enough to be stable.
    // S is short and noisy: two more runs for its median.
    const planRuns = size.name === 'L' ? 1 : size.name === 'S' ? args.planRuns + 2 : args.planRuns;
    // S runs baseline (a) on every user; M and L on a sample, extrapolated.
    const baselineSample = size.name === 'S' ? size.users + 1 : args.baselineSample;
    results.push(
      await measureSize(size, {
        latencies: args.latencies,
        planRuns,
        baselineSample,
        log,
        ...(args.cpuProf === undefined ? {} : { cpuProfDir: args.cpuProf }),
      }),
    );
  }
  const written = writeResults(args.out, results, loadAtStart);
  log(
    `done in ${((performance.now() - started) / 1000).toFixed(0)} s: ${written.json}, ${written.markdown}`,
  );
  for (const target of written.report.targets) {
    log(
      `${target.met === undefined ? 'NOT RUN' : target.met ? 'MET    ' : 'MISSED '} ${target.target}: ${target.measured}`,
    );
  }
}
