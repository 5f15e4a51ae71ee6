import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listConfigFiles, PROBE_MODES, type ProbeMode, type ProbeResult } from './config-probe.js';
import { medianBy } from './median.js';
import { collectOutput } from './run-cli.js';
import { LAYOUTS, type Layout, type StudioFiles } from './write-studio.js';

/** The config check of one layout, beside the bare parses of the same files. */
export interface ConfigCheckResult {
  layout: Layout;
  files: number;
  bytes: number;
  users: number;
  /** Probe runs asked for per mode (`--config-runs`). */
  runs: number;
  jsYaml: KeptProbe;
  yaml: KeptProbe;
  check: KeptProbe;
  /** The `validate` command's pipeline (issue 25). */
  validate: KeptProbe;
}

/** The run of a mode with the median wall time, and how many runs the mode had. */
export type KeptProbe = ProbeResult & { runs: number };

/**
 * A mode whose run takes longer than this is not run again: a run that long is stable
 * to a few percent, and `yaml` takes over a minute on a one-file L config.
 */
export const LONG_PROBE_MS = 10_000;

const PROBE_SCRIPT = fileURLToPath(new URL('./config-probe.js', import.meta.url));

/** Runs one probe as a fresh node process in `cwd`; its JSON answer. */
function runProbe(mode: ProbeMode, configDir: string, cwd: string): Promise<ProbeResult> {
  const child = spawn(process.execPath, [PROBE_SCRIPT, mode, configDir], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '' },
  });
  return collectOutput(child).then(({ code, stdout, stderr }) => {
    if (code !== 0)
      throw new Error(`config probe ${mode} ${configDir} exited ${code}: ${stderr.slice(0, 2000)}`);
    return JSON.parse(stdout) as ProbeResult;
  });
}

async function measureLayout(
  files: StudioFiles,
  layout: Layout,
  runs: number,
  expectedUsers: number,
): Promise<ConfigCheckResult> {
  const configDir = files.configDirs[layout];
  const names = await listConfigFiles(join(files.dir, configDir));
  const bytes = names.reduce(
    (sum, name) => sum + statSync(join(files.dir, configDir, name)).size,
    0,
  );
  const byMode = new Map<ProbeMode, ProbeResult[]>(PROBE_MODES.map((mode) => [mode, []]));
  // The modes take turns, so that a slower moment of the machine falls on all of them.
  for (let i = 0; i < runs; i++) {
    for (const mode of PROBE_MODES) {
      if (byMode.get(mode)!.some((r) => r.wallMs > LONG_PROBE_MS)) continue;
      const result = await runProbe(mode, configDir, files.dir);
      const users = mode === 'validate' ? expectedUsers : result.users;
      if (result.files !== names.length || users !== expectedUsers) {
        throw new Error(
          `config probe ${mode} (${layout}) read ${result.files} files and ${result.users} users, expected ${names.length} and ${expectedUsers}`,
        );
      }
      byMode.get(mode)!.push(result);
    }
  }
  const pick = (mode: ProbeMode): KeptProbe => {
    const all = byMode.get(mode)!;
    return { ...medianBy(all, (r) => r.wallMs), runs: all.length };
  };
  return {
    layout,
    files: names.length,
    bytes,
    users: expectedUsers,
    runs,
    jsYaml: pick('js-yaml'),
    yaml: pick('yaml'),
    check: pick('check'),
    validate: pick('validate'),
  };
}

/**
 * The config check (files → validated desired state) and js-yaml's and `yaml`'s bare
 * parses of the same files, `runs` times each, for every layout of a written studio.
 */
export async function measureConfig(
  files: StudioFiles,
  options: { runs: number; users: number; log: (line: string) => void; label: string },
): Promise<ConfigCheckResult[]> {
  const results: ConfigCheckResult[] = [];
  for (const layout of LAYOUTS) {
    const result = await measureLayout(files, layout, options.runs, options.users);
    const ms = (r: ProbeResult): string => `${r.wallMs.toFixed(0)} ms`;
    options.log(
      `  ${options.label} ${layout}: config check ${ms(result.check)}, validate ${ms(result.validate)}, js-yaml ${ms(result.jsYaml)}, yaml ${ms(result.yaml)} (${result.files} file${result.files === 1 ? '' : 's'}, ${(result.bytes / 1024 ** 2).toFixed(1)} MB)`,
    );
    results.push(result);
  }
  return results;
}
