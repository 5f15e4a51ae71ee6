/**
 * The access review (issue 28): `report access --format F --out FILE` for every format the
 * CLI offers (`FORMATS.accessReview` of the built dist/, so a format added there is
 * measured without a change here), against `plan` of the same studio on the same emulator.
 *
 * The split config is committed to a git repository first (outside the timed part), so
 * that `report` blames every file as it does for a user: a first commit with the files as
 * the server has them (what `export` would start from), a second with the studio's 2%
 * difference, both with a fixed author and date.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, openSync, readSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Studio } from './generate-studio.js';
import { startEmulatorHost } from './host-client.js';
import {
  measureHtmlInBrowser,
  type HtmlBrowserFailure,
  type HtmlBrowserResult,
} from './measure-html-browser.js';
import { medianBy } from './median.js';
import { REPO_ROOT } from './paths.js';
import { renderDesiredFiles } from './render-studio.js';
import { runCli } from './run-cli.js';
import type { ServerModel } from './server-models.js';
import {
  cliEnv,
  counted,
  measurePlan,
  profileArgs,
  stepOf,
  type PlanStep,
  type RunContext,
  type Step,
} from './steps.js';
import type { StudioFiles } from './write-studio.js';

/** One format of `report --out FILE`: the median run, and the file it wrote. */
export interface ReportFormatStep {
  format: string;
  /** Undefined when the command failed (then `error` says how, and it was run once). */
  step?: Step;
  /** Bytes of the file written. */
  bytes?: number;
  /** The command's exit code and the start of its error output, when it failed. */
  error?: string;
}

/** The access review at one server: plan, then each format, on one fresh emulator. */
export interface ReportResult {
  server: ServerModel;
  plan: PlanStep;
  formats: ReportFormatStep[];
  /** From the JSON report (checked to carry every file's git blame): the review's size. */
  review?: { grants: number; accessRows: number; exceptions: number };
  /** The HTML report opened in headless Chromium, when asked (measure-html-browser.ts). */
  browser?: HtmlBrowserResult | HtmlBrowserFailure;
}

const GIT_IDENTITY = { name: 'Studio Admin', email: 'admin@studio.example' };

function git(args: string[], cwd: string, date: string): void {
  execFileSync('git', args, {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env['PATH'] ?? '',
      // No user or system configuration (hooks, signing, default branch): the same
      // repository on every machine.
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: GIT_IDENTITY.name,
      GIT_AUTHOR_EMAIL: GIT_IDENTITY.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: GIT_IDENTITY.name,
      GIT_COMMITTER_EMAIL: GIT_IDENTITY.email,
      GIT_COMMITTER_DATE: date,
    },
  });
}

/**
 * Commits the split config under `files.dir` in a new git repository: first the files as
 * the server has them, then as the studio wants them (the files the bench plans). Not
 * timed; the files are left as they were written.
 */
export function commitStudioConfig(studio: Studio, files: StudioFiles): void {
  const access = files.configDirs.split;
  const write = (which: Studio): void => {
    for (const file of renderDesiredFiles(which)) {
      const path = join(files.dir, access, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.text);
    }
  };
  const asOnServer = { ...studio, users: studio.users.map((u) => ({ ...u, desired: u.current })) };
  git(['init', '-q', '-b', 'main'], files.dir, '2026-01-05T10:00:00Z');
  write(asOnServer);
  git(['add', '--', access], files.dir, '2026-01-05T10:00:00Z');
  git(
    ['commit', '-q', '-m', 'Access as exported from the server'],
    files.dir,
    '2026-01-05T10:00:00Z',
  );
  write(studio);
  git(['add', '--', access], files.dir, '2026-02-02T15:30:00Z');
  git(['commit', '-q', '-m', 'Access changes of the quarter'], files.dir, '2026-02-02T15:30:00Z');
}

/** The file `report --format F --out FILE` writes, relative to the studio's folder. */
const reportFile = (name: string, format: string): string => `report-${name}.${format}`;

/** The formats `report` offers, from the built CLI (render/formats.ts). */
async function reportFormats(): Promise<string[]> {
  const url = pathToFileURL(join(REPO_ROOT, 'dist/render/formats.js')).href;
  const module = (await import(url)) as { FORMATS: { accessReview: readonly string[] } };
  return [...module.FORMATS.accessReview];
}

/** The first bytes of a file (the JSON report's header: git, summary). */
function head(path: string, bytes = 1024 * 1024): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * What an error output says: its last line naming an error (a V8 crash ends with its
 * native stack), else its last line that is not part of a stack trace.
 */
function lastMessage(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^at /.test(line));
  const error = lines.filter((line) => /error/i.test(line)).at(-1);
  return (error ?? lines.at(-1) ?? '').slice(0, 300);
}

/** The JSON report must carry git (every file blamed); its size, from its summary. */
function checkJsonReport(path: string): NonNullable<ReportResult['review']> {
  const text = head(path);
  // summary.grants and summary.access_rows (indented 4), summary.exceptions.total (6).
  const count = (field: string, indent = 4): number => {
    const match = new RegExp(`\n {${indent}}"${field}": (\\d+)`).exec(text);
    if (match === null) throw new Error(`report --format json: no summary.${field} in ${path}`);
    return Number(match[1]);
  };
  if (!/\n {2}"git": \{\n {4}"head": "[0-9a-f]{40}",\n {4}"files_not_in_git": \[\]/.test(text))
    throw new Error(`report --format json: git did not blame every config file (${path})`);
  return {
    grants: count('grants'),
    accessRows: count('access_rows'),
    exceptions: count('total', 6),
  };
}

/**
 * `report access --format F --out FILE`, `runs` times per format (the median kept, the
 * highest peak RSS of all runs); a format that fails is recorded with its error, once.
 */
async function measureFormats(
  ctx: RunContext,
  name: string,
  profileDir: string | undefined,
): Promise<{ formats: ReportFormatStep[]; review?: ReportResult['review'] }> {
  const formats: ReportFormatStep[] = [];
  let review: ReportResult['review'];
  for (const format of await reportFormats()) {
    const out = reportFile(name, format);
    const args = ['report', ctx.files.configDirs.split, '--format', format, '--out', out];
    const steps: Step[] = [];
    let error: string | undefined;
    for (let i = 0; i < ctx.runs && error === undefined; i++) {
      const [run, counts] = await counted(ctx.host, () =>
        runCli(args, {
          cwd: ctx.files.dir,
          env: cliEnv(ctx.host, ctx.studio),
          nodeArgs: profileArgs(profileDir, `${name}-report-${format}`),
        }),
      );
      if (run.code === 0) steps.push(stepOf(run, counts));
      else error = `exit ${run.code}: ${lastMessage(run.stderr)}`;
    }
    if (error !== undefined) {
      formats.push({ format, error });
      continue;
    }
    const path = join(ctx.files.dir, out);
    if (format === 'json') review = checkJsonReport(path);
    formats.push({
      format,
      step: {
        ...medianBy(steps, (s) => s.wallMs),
        peakRssMb: Math.max(...steps.map((s) => s.peakRssMb ?? 0)),
      },
      bytes: statSync(path).size,
    });
  }
  return { formats, ...(review === undefined ? {} : { review }) };
}

/**
 * The HTML file the report wrote, opened in Chromium (after the emulator stopped, so that
 * nothing else runs); a failure is recorded, not thrown: the other figures stand.
 */
async function measureHtml(
  formats: ReportFormatStep[],
  path: string,
  log: (what: string) => void,
): Promise<HtmlBrowserResult | HtmlBrowserFailure> {
  const html = formats.find((f) => f.format === 'html');
  if (html?.step === undefined)
    return { error: `report --format html ${html === undefined ? 'not offered' : 'failed'}` };
  try {
    return await measureHtmlInBrowser(path, { log });
  } catch (error) {
    log(`HTML in Chromium FAILED: ${(error as Error).message}`);
    return { error: (error as Error).message.split('\n')[0]!.slice(0, 300) };
  }
}

/**
 * On a fresh emulator: `plan access --format json` (`runs` times, the median kept), then
 * `report` in every format (`runs` times each). Read-only: the emulator's state does not
 * change between them. With `browser`, the HTML report is then opened in Chromium.
 */
export async function measureReport(
  studio: Studio,
  files: StudioFiles,
  model: ServerModel,
  options: { runs: number; log: (line: string) => void; cpuProfDir?: string; browser?: boolean },
): Promise<ReportResult> {
  const name = `${studio.size.name}-${model.label.replace(' ', '')}`;
  const host = await startEmulatorHost(files.seedFile, model);
  const log = (what: string): void => options.log(`  ${studio.size.name} ${model.label}: ${what}`);
  let result: ReportResult;
  try {
    const ctx = { host, studio, files, runs: options.runs };
    const plan = await measurePlan(
      ctx,
      'split',
      profileArgs(options.cpuProfDir, `${name}-report-plan`),
    );
    log(`plan (for report) ${(plan.wallMs / 1000).toFixed(2)} s`);
    const { formats, review } = await measureFormats(ctx, name, options.cpuProfDir);
    for (const f of formats) {
      log(
        f.step === undefined
          ? `report --format ${f.format} FAILED: ${f.error}`
          : `report --format ${f.format} ${(f.step.wallMs / 1000).toFixed(2)} s (${(f.step.wallMs / plan.wallMs).toFixed(2)}× plan), ${f.bytes} bytes, ${(f.step.peakRssMb ?? 0).toFixed(0)} MB peak RSS`,
      );
    }
    result = { server: model, plan, formats, ...(review === undefined ? {} : { review }) };
  } finally {
    await host.stop();
  }
  if (options.browser === true) {
    const path = join(files.dir, reportFile(name, 'html'));
    result.browser = await measureHtml(result.formats, path, log);
  }
  return result;
}
