import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 may grow the heap past what survived its last full collection, in percent:
 * 60 lets it grow by 60%. On a machine with a lot of memory V8 lets it grow up to four
 * times, which made a plan of 50,000 users peak at 420–520 MB of RSS for 70–130 MB of live
 * heap. Since the reads overlap the config check, 100 (double) peaked at 333–422 MB over
 * ten runs, 75 at 362–391 MB, 60 at 339–365 MB for the same CPU time (docs/benchmarks.md).
 */
export const HEAP_GROWING_PERCENT = 60;

/** The newest V8 major version known to have `--heap-growing-percent` (Node 25). */
const LAST_KNOWN_V8 = 14;

export interface HeapGrowthOptions {
  /** Node's own flags (`process.execArgv`); node refuses this one in NODE_OPTIONS. */
  execArgv?: readonly string[];
  /** `process.versions.v8`. */
  v8Version?: string;
  setFlags?: (flags: string) => void;
}

/**
 * Bounds the heap's growth for the CLI process (a batch job: memory is the scarce side on
 * CI runners), unless the user gave node a growth themselves, and only on V8 versions
 * known to have the flag (an unknown flag would print a warning). Returns whether it was
 * set.
 */
export function boundHeapGrowth(options: HeapGrowthOptions = {}): boolean {
  const execArgv = options.execArgv ?? process.execArgv;
  const v8Major = Number.parseInt(options.v8Version ?? process.versions.v8, 10);
  const chosen = execArgv.some((flag) => /^--heap[-_]growing[-_]percent(?:=|$)/.test(flag));
  if (chosen || !(v8Major <= LAST_KNOWN_V8)) return false;
  (options.setFlags ?? setFlagsFromString)(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
