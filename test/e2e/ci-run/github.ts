import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { condition, interpolate, type ExpressionContext } from './expressions.js';

/**
 * A small GitHub Actions runner for the recipes: it runs a job's steps in order, as the
 * runner would, with the environment GitHub documents (GITHUB_*, the event file, the output
 * and summary files), our own action's composite steps (action.yml) with its inputs, and
 * stand-ins for the steps of other actions: checkout (the workspace is prepared) and
 * setup-node (the machine's Node) do nothing; upload-artifact and download-artifact keep
 * files in `artifacts`; cache/restore and cache/save keep them in `caches` (restore: the
 * exact key, else the newest entry starting with a `restore-keys` line; save: a warning, not
 * a failure, for a missing path or a key already taken, as actions/cache does). `run:` steps
 * run in bash as GitHub runs them (`-eo pipefail`).
 */
export interface GithubRun {
  /** The repository root: action.yml and its scripts. */
  root: string;
  /** The job's working directory (the checkout). */
  workspace: string;
  event: { name: string; payload: Record<string, unknown> };
  vars: Record<string, string>;
  secrets: Record<string, string>;
  /** The token the runner hands out (a fork's is read-only). */
  token: string;
  /** Variables of the machine: PATH (stubs first), npm's prefix and cache, HOME. */
  machineEnv: Record<string, string>;
  /** Artifacts by name: a directory holding the uploaded files. */
  artifacts: Map<string, string>;
  /** Actions caches by key, oldest first: a directory holding the saved paths. */
  caches?: Map<string, string>;
  /** `github.run_id` (default 4242); `github.run_attempt` is 1. */
  runId?: string;
  sha?: string;
  /** A job that `needs` others: whether one of them failed (for its `if: failure()`). */
  needsFailed?: boolean;
  /** Inputs given to our action over the recipe's (the package to install, in tests). */
  ourActionInputs?: Record<string, string>;
}

export interface StepRecord {
  name: string;
  outcome: 'success' | 'failure' | 'skipped';
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

export interface JobResult {
  result: 'success' | 'failure' | 'skipped';
  steps: StepRecord[];
  summary: string;
  /** Everything the steps printed, in order. */
  log: string;
}

type Step = Record<string, unknown> & {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
};

export async function runGithubJob(
  workflowFile: string,
  jobName: string,
  run: GithubRun,
): Promise<JobResult> {
  const workflow = parse(readFileSync(workflowFile, 'utf8')) as {
    env?: Record<string, string>;
    jobs: Record<string, { if?: string; env?: Record<string, string>; steps: Step[] }>;
  };
  const job = workflow.jobs[jobName];
  if (job === undefined) throw new Error(`no job ${jobName} in ${workflowFile}`);
  const temp = mkdtempSync(join(tmpdir(), 'gh-runner-'));
  const eventPath = join(temp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(run.event.payload));
  const summaryPath = join(temp, 'summary.md');
  writeFileSync(summaryPath, '');
  const sha = run.sha ?? 'a'.repeat(40);
  const github = {
    token: run.token,
    run_id: run.runId ?? '4242',
    run_attempt: '1',
    repository: 'studio/access',
    sha,
    event_name: run.event.name,
    event: run.event.payload,
    ref_name: 'main',
  };
  const state = { failed: false, steps: {} as Record<string, { outputs: Record<string, string> }> };
  const ctx = (extra: Record<string, unknown> = {}): ExpressionContext => ({
    contexts: {
      github,
      vars: run.vars,
      secrets: run.secrets,
      inputs: run.event.payload['inputs'] ?? {},
      steps: state.steps,
      env: {},
      ...extra,
    },
    failed: state.failed,
  });
  const baseEnv: Record<string, string> = {
    ...run.machineEnv,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: run.workspace,
    GITHUB_REPOSITORY: github.repository,
    GITHUB_SHA: sha,
    GITHUB_RUN_ID: github.run_id,
    GITHUB_EVENT_NAME: run.event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REF_NAME: github.ref_name,
    RUNNER_TEMP: temp,
  };
  const interpolated = (values: Record<string, unknown> | undefined, c: ExpressionContext) =>
    Object.fromEntries(
      Object.entries(values ?? {}).map(([k, v]) => [k, interpolate(String(v), c)]),
    );
  const jobEnv = { ...interpolated(workflow.env, ctx()), ...interpolated(job.env, ctx()) };
  const caches = run.caches ?? new Map<string, string>();
  const records: StepRecord[] = [];
  let log = '';
  const jobIf: ExpressionContext = { ...ctx(), failed: run.needsFailed === true };
  if (!condition(job.if, jobIf)) return { result: 'skipped', steps: [], summary: '', log };

  const runStep = async (
    step: Step,
    env: Record<string, string>,
    c: ExpressionContext,
    actionPath?: string,
  ): Promise<Record<string, string>> => {
    const label = step['name'] ?? step.uses ?? step.run ?? '';
    const name = (typeof label === 'string' ? label : JSON.stringify(label)).split('\n')[0]!;
    if (!condition(step['if'], c)) {
      records.push({ name, outcome: 'skipped', code: 0, stdout: '', stderr: '', outputs: {} });
      return {};
    }
    const stepEnv = {
      ...baseEnv,
      ...env,
      ...interpolated(step['env'] as Record<string, unknown>, c),
    };
    let result: { code: number; stdout: string; stderr: string; outputs: Record<string, string> };
    if (step.run !== undefined) {
      result = await shell(interpolate(step.run, c), stepEnv, run.workspace, temp, actionPath);
    } else {
      const inputs = interpolated(step.with, c);
      result = await uses(String(step.uses), inputs, stepEnv);
    }
    log += result.stdout + result.stderr;
    const outcome = result.code === 0 ? 'success' : 'failure';
    records.push({ name, outcome, ...result });
    if (outcome === 'failure') state.failed = true;
    return result.outputs;
  };

  /** Our action (action.yml): its composite steps, with its inputs and their defaults. */
  const ourAction = async (inputs: Record<string, string>, env: Record<string, string>) => {
    const action = parse(readFileSync(join(run.root, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
      outputs: Record<string, { value: string }>;
      runs: { steps: Step[] };
    };
    const given: Record<string, string> = {};
    for (const [key, spec] of Object.entries(action.inputs)) {
      given[key] =
        run.ourActionInputs?.[key] ?? inputs[key] ?? interpolate(spec.default ?? '', ctx());
    }
    const inner = {
      failed: false,
      steps: {} as Record<string, { outputs: Record<string, string> }>,
    };
    let code = 0;
    for (const step of action.runs.steps) {
      const c: ExpressionContext = {
        contexts: { github, inputs: given, steps: inner.steps },
        failed: inner.failed,
      };
      const before = state.failed;
      state.failed = inner.failed;
      const outputs = await runStep(step, env, c, run.root);
      if (state.failed && !inner.failed) code = 1;
      inner.failed = state.failed;
      state.failed = before;
      if (typeof step['id'] === 'string') inner.steps[step['id']] = { outputs };
    }
    const c: ExpressionContext = { contexts: { steps: inner.steps }, failed: inner.failed };
    const outputs = Object.fromEntries(
      Object.entries(action.outputs).map(([k, o]) => [k, interpolate(o.value, c)]),
    );
    return { code, stdout: '', stderr: '', outputs };
  };

  const uses = async (
    ref: string,
    inputs: Record<string, string>,
    env: Record<string, string>,
  ): Promise<{ code: number; stdout: string; stderr: string; outputs: Record<string, string> }> => {
    const none = { code: 0, stdout: '', stderr: '', outputs: {} };
    if (ref.startsWith('actions/checkout@') || ref.startsWith('actions/setup-node@')) return none;
    if (ref.startsWith('actions/upload-artifact@')) {
      const source = join(run.workspace, inputs['path'] ?? '');
      if (!existsSync(source)) return none; // if-no-files-found: ignore (or warn)
      const dir = mkdtempSync(join(tmpdir(), 'artifact-'));
      cpSync(source, join(dir, inputs['path']!), { recursive: true });
      run.artifacts.set(inputs['name'] ?? 'artifact', dir);
      return none;
    }
    if (ref.startsWith('actions/download-artifact@')) {
      const dir = run.artifacts.get(inputs['name'] ?? '');
      if (dir === undefined) return { ...none, code: 1, stderr: `no artifact ${inputs['name']}` };
      cpSync(dir, run.workspace, { recursive: true });
      return none;
    }
    if (ref.startsWith('actions/cache/restore@')) {
      const keys = [inputs['key'] ?? '', ...lines(inputs['restore-keys'])];
      const entries = [...caches.keys()].reverse(); // the newest first
      const hit = caches.has(keys[0]!) ? keys[0] : undefined;
      const matched =
        hit ?? keys.slice(1).flatMap((k) => entries.find((e) => e.startsWith(k)) ?? [])[0];
      if (matched !== undefined) cpSync(caches.get(matched)!, run.workspace, { recursive: true });
      return {
        ...none,
        outputs: { 'cache-hit': String(hit !== undefined), 'cache-matched-key': matched ?? '' },
      };
    }
    if (ref.startsWith('actions/cache/save@')) {
      const key = inputs['key'] ?? '';
      const paths = lines(inputs['path']).filter((p) => existsSync(join(run.workspace, p)));
      if (caches.has(key)) return { ...none, stdout: `::warning::Cache ${key} already exists\n` };
      if (paths.length === 0) return { ...none, stdout: '::warning::Path Validation Error\n' };
      const dir = mkdtempSync(join(tmpdir(), 'cache-'));
      for (const p of paths) cpSync(join(run.workspace, p), join(dir, p), { recursive: true });
      caches.set(key, dir);
      return none;
    }
    if (/(^|\/)ftrack-roles@|^\.\/?$/.test(ref)) return ourAction(inputs, env);
    throw new Error(`the test runner does not know the action ${ref}`);
  };

  for (const step of job.steps) {
    const outputs = await runStep(step, jobEnv, ctx());
    if (typeof step['id'] === 'string') state.steps[step['id']] = { outputs };
  }
  const summary = readFileSync(summaryPath, 'utf8');
  return { result: state.failed ? 'failure' : 'success', steps: records, summary, log };
}

async function shell(
  script: string,
  env: Record<string, string>,
  cwd: string,
  temp: string,
  actionPath?: string,
): Promise<{ code: number; stdout: string; stderr: string; outputs: Record<string, string> }> {
  mkdirSync(temp, { recursive: true });
  const outputFile = join(mkdtempSync(join(temp, 'step-')), 'output');
  writeFileSync(outputFile, '');
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd,
    env: {
      ...env,
      GITHUB_OUTPUT: outputFile,
      ...(actionPath ? { GITHUB_ACTION_PATH: actionPath } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(outputFile, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
  }
  return { code, stdout, stderr, outputs };
}

/** The lines of a multi-line input, trimmed, without the empty ones. */
const lines = (text: string | undefined): string[] =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
