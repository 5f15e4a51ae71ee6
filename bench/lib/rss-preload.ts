/**
 * Loaded with `node --import` into the measured process (the CLI, the one-query script):
 * on exit it writes the process's peak resident set size, its CPU time and the time its
 * main thread spent in garbage-collection pauses to stderr as
 * `BENCH_MAX_RSS_KB=<n> BENCH_CPU_MS=<n> BENCH_GC_MS=<n>`.
 *
 * The GC time is the sum of the `gc` performance entries (one per collection, its pause
 * on the main thread): cheap to observe, and the share of the run the program waited for
 * the collector. Work V8 does concurrently on its helper threads is in the CPU time only.
 */
import { writeSync } from 'node:fs';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

let gcMs = 0;
const add = (entries: PerformanceEntry[]): void => {
  for (const entry of entries) gcMs += entry.duration;
};
const observer = new PerformanceObserver((list) => add(list.getEntries()));
observer.observe({ entryTypes: ['gc'] });

process.on('exit', () => {
  add(observer.takeRecords());
  observer.disconnect();
  const usage = process.resourceUsage();
  const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
  writeSync(
    2,
    `\nBENCH_MAX_RSS_KB=${usage.maxRSS} BENCH_CPU_MS=${cpuMs} BENCH_GC_MS=${Math.round(gcMs)}\n`,
  );
});
