/**
 * One measurement of reading a config, in a fresh node process (measure-config.ts spawns
 * it, once per mode and run):
 *
 *   node dist/bench/lib/config-probe.js js-yaml|yaml|check|validate CONFIG_DIR
 *
 * - `js-yaml`: every `*.yaml` file under CONFIG_DIR read and `jsYaml.load`-ed (bare parse);
 * - `yaml`: the same with `YAML.parse` of the `yaml` package (bare parse);
 * - `check`: the config check of the plan pipeline from dist/ (src/pipeline/plan-config.ts):
 *   `checkConfigFiles` (read, parse, schema, rules, file by file), then the desired state
 *   built with `buildDesiredWithPauses`, both pausing on the event loop as in `plan`;
 * - `validate`: what the `validate` command runs (src/pipeline/validate.ts `validateFiles`:
 *   the same check and build, without pauses, plus the expiry warnings); it must find no
 *   error.
 *
 * Prints one ProbeResult as JSON on stdout. The measured part (`wallMs`, `cpuMs`) starts
 * after node's start-up and after the modules of the measured code are loaded, which is
 * timed on its own (`importMs`); peak RSS is the whole process's.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './paths.js';

export type ProbeMode = 'js-yaml' | 'yaml' | 'check' | 'validate';

export const PROBE_MODES: readonly ProbeMode[] = ['js-yaml', 'yaml', 'check', 'validate'];

export interface ProbeResult {
  mode: ProbeMode;
  /** Config files read. */
  files: number;
  /** Users found: top-level `users:` keys (parse modes), desired users (check); -1 for
   * validate, whose report does not say. */
  users: number;
  /** Loading the measured code's modules (ms); not part of `wallMs`. */
  importMs: number;
  /** Listing, reading and parsing (or checking) the files, module loading excluded (ms). */
  wallMs: number;
  /** User + system CPU time of the measured part (ms), every thread of the process. */
  cpuMs: number;
  /** Peak RSS of the whole probe process (MB): node, modules and the measured part. */
  peakRssMb: number;
}

/** The `*.yaml` / `*.yml` files under `dir`, relative to it, sorted. */
export async function listConfigFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

interface CheckModules {
  checkConfigFiles(
    paths: string[],
    options: { cwd: string; pause?: () => Promise<void> },
  ): Promise<{
    documents: unknown[] | undefined;
    diagnostics: { severity: string }[];
    configDigest: string;
    files: string[];
  }>;
  buildDesiredWithPauses(
    documents: unknown[],
    configDigest: string,
    pause: () => Promise<void>,
  ): Promise<{ users: Map<string, unknown> }>;
}

const distModule = async <T>(path: string): Promise<T> =>
  (await import(pathToFileURL(`${REPO_ROOT}dist/${path}`).href)) as T;

async function loadCheckModules(): Promise<CheckModules> {
  return distModule<CheckModules>('pipeline/load-desired.js');
}

interface ValidateModule {
  validateFiles(input: {
    paths: readonly string[];
    cwd: string;
    now: Date;
  }): Promise<{ diagnostics: { severity: string }[]; files: string[] }>;
}

/** The `validate` command's pipeline; no error allowed. */
async function runValidate(module: ValidateModule, dir: string): Promise<[number, number]> {
  const report = await module.validateFiles({ paths: [dir], cwd: process.cwd(), now: new Date() });
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) throw new Error(`validate found ${errors} errors in ${dir}`);
  return [report.files.length, -1];
}

/** As the plan pipeline's: lets pending I/O callbacks run. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What the plan pipeline does before its reads are used: check, then build. */
async function runCheck(modules: CheckModules, dir: string): Promise<[number, number]> {
  const checked = await modules.checkConfigFiles([dir], {
    cwd: process.cwd(),
    pause: yieldToEventLoop,
  });
  const errors = checked.diagnostics.filter((d) => d.severity === 'error').length;
  if (checked.documents === undefined || errors > 0) {
    throw new Error(`the config check found ${errors} errors in ${dir}`);
  }
  const desired = await modules.buildDesiredWithPauses(
    checked.documents,
    checked.configDigest,
    yieldToEventLoop,
  );
  return [checked.files.length, desired.users.size];
}

/** Reads every file and parses it with `parse`; returns [files, users]. */
async function runParse(parse: (text: string) => unknown, dir: string): Promise<[number, number]> {
  const files = await listConfigFiles(dir);
  let users = 0;
  for (const file of files) {
    const doc = parse(await readFile(join(dir, file), 'utf8')) as { users?: object } | null;
    users += Object.keys(doc?.users ?? {}).length;
  }
  return [files.length, users];
}

async function probe(mode: ProbeMode, dir: string): Promise<ProbeResult> {
  // The CLI bounds V8's heap growth first thing (src/cli/bin.ts); every mode does the same.
  const heap = await distModule<{ boundHeapGrowth(): boolean }>('cli/heap.js');
  heap.boundHeapGrowth();
  const importStart = performance.now();
  let run: () => Promise<[number, number]>;
  if (mode === 'js-yaml') {
    const jsYaml = await import('js-yaml');
    run = () => runParse((text) => jsYaml.load(text), dir);
  } else if (mode === 'yaml') {
    const YAML = await import('yaml');
    run = () => runParse((text) => YAML.parse(text), dir);
  } else if (mode === 'check') {
    const modules = await loadCheckModules();
    run = () => runCheck(modules, dir);
  } else {
    const module = await distModule<ValidateModule>('pipeline/validate.js');
    run = () => runValidate(module, dir);
  }
  const importMs = performance.now() - importStart;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const [files, users] = await run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    mode,
    files,
    users,
    importMs,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (!PROBE_MODES.includes(mode as ProbeMode) || dir === undefined) {
    throw new Error(`usage: config-probe.js ${PROBE_MODES.join('|')} CONFIG_DIR`);
  }
  process.stdout.write(`${JSON.stringify(await probe(mode as ProbeMode, dir))}\n`);
}

// Only when run as a script (measure-config.ts imports this module for its types and helpers).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
