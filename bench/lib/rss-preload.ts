/**
 * Loaded with `node --import` into the measured CLI process: on exit it writes the
 * process's peak resident set size and CPU time to stderr as
 * `BENCH_MAX_RSS_KB=<n> BENCH_CPU_MS=<n>`.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
  writeSync(2, `\nBENCH_MAX_RSS_KB=${usage.maxRSS} BENCH_CPU_MS=${cpuMs}\n`);
});
