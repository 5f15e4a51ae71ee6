/**
 * Loaded with `node --import` into the measured CLI process: on exit it writes the
 * process's peak resident set size to stderr as `BENCH_MAX_RSS_KB=<n>`.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
