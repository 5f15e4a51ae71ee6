/* global URL, console, process */
// `npm run bench`: compiles the TypeScript harness in bench/ to dist/bench/ and runs it.
// Usage: node bench/run.js [--sizes S,M,L[,XL]] [--latencies 0,25,real] [--plan-runs N]
//                          [--baseline-sample N] [--one-file-sizes M] [--command-sizes M]
//                          [--config-sizes M,L] [--config-runs N] [--config-only]
//                          [--report-sizes M] [--report-only] [--browser-sizes M]
//                          [--out DIR] [--label NAME] [--cpu-prof DIR]
// (docs/benchmarks.md describes each option.)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}dist/cli/bin.js`)) {
  console.error('dist/cli/bin.js is missing: run `npm run build` first (npm run bench does).');
  process.exit(1);
}
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', `${root}bench/tsconfig.json`], {
  stdio: 'inherit',
});
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
const { runBench } = await import(`${root}dist/bench/main.js`);
await runBench(process.argv.slice(2));
