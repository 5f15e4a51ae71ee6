import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * A small GitLab CI runner for the recipe: `include: local` with `inputs` (the template's
 * `spec:` header and `$[[ inputs.x ]]`), `extends`, `rules` (`$VAR == "…"`, `!=`, `&&`,
 * `||`, a bare `$VAR`), `when: manual`, stages, `needs` and artifacts, variables expanded
 * as GitLab expands them, `cache:` (`key` and `paths`, restored before the job and saved
 * after a successful one, in `caches`), and each job's `before_script` and `script` in bash,
 * stopping at the first failing line as the runner does.
 */
type Job = Record<string, unknown> & {
  script?: string[];
  before_script?: string[];
  variables?: Record<string, string>;
  rules?: { if?: string; when?: string }[];
  stage?: string;
  needs?: string[];
  artifacts?: { when?: string; paths?: string[]; reports?: { codequality?: string } };
  cache?: { key?: string; paths?: string[] };
};

export interface GitlabPipeline {
  /** Jobs in the pipeline, in stage order, with how they start. */
  jobs: { name: string; when: string }[];
  run(name: string): Promise<GitlabJobResult>;
}

export interface GitlabJobResult {
  code: number;
  log: string;
  /** The job's artifacts (paths and reports), copied out: file → text. */
  artifacts: Map<string, string>;
}

/**
 * Reads `.gitlab-ci.yml` from the workspace, as GitLab does for a pipeline with `env`.
 * `caches` (by key: a directory holding the cached paths) lives from pipeline to pipeline.
 */
export function gitlabPipeline(
  workspace: string,
  env: Record<string, string>,
  caches = new Map<string, string>(),
): GitlabPipeline {
  const config = load(join(workspace, '.gitlab-ci.yml'), {});
  const includes = (config['include'] ?? []) as {
    local: string;
    inputs?: Record<string, string>;
  }[];
  let jobs: Record<string, Job> = {};
  for (const include of includes) {
    jobs = { ...jobs, ...load(join(workspace, include.local), include.inputs ?? {}) } as Record<
      string,
      Job
    >;
  }
  for (const [name, value] of Object.entries(config)) {
    if (!['include', 'stages', 'variables', 'workflow', 'default'].includes(name))
      jobs[name] = value as Job;
  }
  const stages = (config['stages'] as string[] | undefined) ?? ['build', 'test', 'deploy'];
  const pipeline: { name: string; when: string; job: Job }[] = [];
  for (const [name, raw] of Object.entries(jobs)) {
    if (name.startsWith('.')) continue;
    const job = resolveExtends(raw, jobs);
    const when = ruleWhen(job, env);
    if (when !== 'never') pipeline.push({ name, when, job });
  }
  pipeline.sort(
    (a, b) => stages.indexOf(a.job.stage ?? 'test') - stages.indexOf(b.job.stage ?? 'test'),
  );
  const done = new Map<string, Map<string, string>>();
  return {
    jobs: pipeline.map(({ name, when }) => ({ name, when })),
    async run(name) {
      const entry = pipeline.find((j) => j.name === name);
      if (entry === undefined) throw new Error(`job ${name} is not in this pipeline`);
      const dir = mkdtempSync(join(tmpdir(), `gl-${name}-`));
      cpSync(workspace, dir, { recursive: true });
      // Artifacts of the jobs it needs (or of every earlier job), as GitLab downloads them.
      const from = entry.job.needs ?? [...done.keys()];
      for (const need of from) {
        for (const [file, text] of done.get(need) ?? []) writeAt(join(dir, file), text);
      }
      const cache = entry.job.cache;
      const cacheKey = cache?.key ?? 'default';
      if (cache !== undefined && caches.has(cacheKey)) {
        cpSync(caches.get(cacheKey)!, dir, { recursive: true });
      }
      const variables = expandVariables(entry.job.variables ?? {}, env);
      const lines = [...(entry.job.before_script ?? []), ...(entry.job.script ?? [])];
      const { code, log } = await bash(lines, dir, { ...env, ...variables, CI_PROJECT_DIR: dir });
      const artifacts = new Map<string, string>();
      const spec = entry.job.artifacts;
      if (spec !== undefined && (code === 0 || spec.when === 'always')) {
        for (const path of [...(spec.paths ?? []), ...Object.values(spec.reports ?? {})]) {
          collect(dir, path, artifacts);
        }
      }
      if (cache !== undefined && code === 0) {
        const saved = mkdtempSync(join(tmpdir(), 'gl-cache-'));
        for (const path of cache.paths ?? []) {
          if (existsSync(join(dir, path))) {
            cpSync(join(dir, path), join(saved, path), { recursive: true });
          }
        }
        caches.set(cacheKey, saved);
      }
      done.set(name, artifacts);
      return { code, log, artifacts };
    },
  };
}

function load(file: string, inputs: Record<string, string>): Record<string, unknown> {
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map(
    (d) => d.toJS() as Record<string, unknown>,
  );
  if (docs.length === 1) return docs[0]!;
  const spec = (docs[0]!['spec'] as { inputs: Record<string, { default?: string }> }).inputs;
  const values = Object.fromEntries(
    Object.entries(spec).map(([k, v]) => [k, inputs[k] ?? v.default ?? '']),
  );
  const unknown = Object.keys(inputs).filter((k) => !(k in spec));
  if (unknown.length > 0) throw new Error(`unknown inputs ${unknown.join(', ')} for ${file}`);
  const text = readFileSync(file, 'utf8').split(/^---$/m).slice(1).join('---');
  const interpolated = text.replace(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`unknown input ${key} in ${file}`);
    return values[key]!;
  });
  return parseAllDocuments(interpolated)[0]!.toJS() as Record<string, unknown>;
}

function resolveExtends(job: Job, all: Record<string, Job>): Job {
  const parents =
    job['extends'] === undefined ? [] : ([] as string[]).concat(job['extends'] as string);
  let merged: Job = {};
  for (const parent of parents) merged = deepMerge(merged, resolveExtends(all[parent]!, all));
  const own = { ...job };
  delete own['extends'];
  return deepMerge(merged, own);
}

function deepMerge(a: Job, b: Job): Job {
  const out: Job = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const old = out[key];
    out[key] = isObject(old) && isObject(value) ? deepMerge(old as Job, value as Job) : value;
  }
  return out;
}
const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The `when` of the first rule that matches, `never` when none does. */
function ruleWhen(job: Job, env: Record<string, string>): string {
  if (job.rules === undefined) return 'on_success';
  for (const rule of job.rules) {
    if (rule.if === undefined || matches(rule.if, env)) return rule.when ?? 'on_success';
  }
  return 'never';
}

function matches(expression: string, env: Record<string, string>): boolean {
  return expression.split('||').some((any) =>
    any.split('&&').every((term) => {
      const [left, op, right] = term.trim().split(/\s*(==|!=)\s*/);
      const value = (side: string) =>
        side.startsWith('$') ? (env[side.slice(1)] ?? null) : side.replace(/^"|"$/g, '');
      if (op === undefined) return (env[left!.slice(1)] ?? '') !== '';
      return op === '==' ? value(left!) === value(right!) : value(left!) !== value(right!);
    }),
  );
}

/** Job variables, `$NAME` and `${NAME}` expanded from the pipeline's variables. */
function expandVariables(vars: Record<string, string>, env: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(vars).map(([k, v]) => [
      k,
      String(v).replace(/\$\{?(\w+)\}?/g, (_, name: string) => env[name] ?? ''),
    ]),
  );
}

async function bash(lines: string[], cwd: string, env: Record<string, string>) {
  const script = `set -eo pipefail\n${lines.join('\n')}\n`;
  const child = spawn('bash', ['--noprofile', '--norc', '-c', script], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  return { code, log };
}

function collect(dir: string, path: string, into: Map<string, string>) {
  const full = join(dir, path);
  if (!existsSync(full)) return;
  const copy = mkdtempSync(join(tmpdir(), 'gl-artifact-'));
  cpSync(full, join(copy, path), { recursive: true });
  const walk = (rel: string) => {
    const abs = join(copy, rel);
    try {
      into.set(rel.replace(/\/$/, ''), readFileSync(abs, 'utf8'));
    } catch {
      for (const entry of readdir(abs)) walk(join(rel, entry));
    }
  };
  walk(path);
}

function readdir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

function writeAt(file: string, text: string) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
