import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { gitlabPipeline } from './ci-run/gitlab.js';
import {
  buildTarball,
  filesUnder,
  giveRole,
  machineEnv,
  studioSeed,
  stub,
  writesTo,
} from './ci-run/setup.js';

/**
 * The GitLab recipe (examples/ci/gitlab/.gitlab-ci.yml with the template it includes,
 * ci/gitlab/ftrack-roles.gitlab-ci.yml), run job by job (ci-run/gitlab.ts) against the
 * emulator with the variables GitLab gives each kind of pipeline: a merge request's gets no
 * protected variable, main's and a schedule's get all. The template's `package` input is
 * the release tarball of this tree instead of the registry version the recipe pins.
 */
const root = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'ftrack-roles-gl-'));
const stubs = join(work, 'stubs');
let tarball = '';
const emulators: Emulator[] = [];

beforeAll(async () => {
  tarball = await buildTarball(root, work);
  // curl: GitLab's API for main's latest catalogue: served from CATALOG when set, else 404.
  stub(
    stubs,
    'curl',
    [
      'out=""; while [ $# -gt 0 ]; do case "$1" in --output) out="$2"; shift 2;; *) shift;; esac; done',
      'if [ -n "${CATALOG:-}" ] && [ -n "$out" ]; then cp "$CATALOG" "$out"; exit 0; fi',
      'exit 22',
    ].join('\n'),
  );
}, 180_000);

afterAll(async () => {
  await Promise.all(emulators.map((emu) => emu.stop()));
  rmSync(work, { recursive: true, force: true });
});

/** The example studio, with a read-only API user beside the writing one. */
async function studio(): Promise<Emulator> {
  const emu = await startEmulator({ seed: studioSeed(root) });
  emulators.push(emu);
  return emu;
}

let repos = 0;
/**
 * The studio's repository as the recipe says to set it up; `inputs` are added to the
 * template's include.
 */
function repository(inputs: Record<string, string> = {}): string {
  const dir = join(work, `repo-${++repos}`);
  mkdirSync(join(dir, 'ci'), { recursive: true });
  cpSync(join(root, 'examples/studio/access'), join(dir, 'access'), { recursive: true });
  cpSync(
    join(root, 'ci/gitlab/ftrack-roles.gitlab-ci.yml'),
    join(dir, 'ci/ftrack-roles.gitlab-ci.yml'),
  );
  // The recipe as shipped, with the package it installs pointed at this tree's tarball.
  const recipe = readFileSync(join(root, 'examples/ci/gitlab/.gitlab-ci.yml'), 'utf8');
  expect(recipe).toContain('package: ftrack-roles@0.1.0');
  writeFileSync(
    join(dir, '.gitlab-ci.yml'),
    recipe.replace(
      'package: ftrack-roles@0.1.0',
      [`package: ${tarball}`, ...Object.entries(inputs).map(([k, v]) => `${k}: ${v}`)].join(
        '\n      ',
      ),
    ),
  );
  return dir;
}

/** GitLab's predefined variables and the project's CI/CD variables for a pipeline. */
function variables(
  emu: Emulator,
  kind: 'merge_request_event' | 'push' | 'schedule' | 'web',
): Record<string, string> {
  const readOnly = {
    FTRACK_SERVER: emu.url,
    FTRACK_READONLY_API_USER: 'svc-read',
    FTRACK_READONLY_API_KEY: 'read-key',
  };
  // Protected variables reach only pipelines of protected branches (main), not merge requests.
  const protectedVars: Record<string, string> =
    kind === 'merge_request_event'
      ? {}
      : { FTRACK_API_USER: 'svc-access', FTRACK_API_KEY: 'local-demo-key' };
  return {
    ...machineEnv(join(work, 'prefix'), stubs),
    CI: 'true',
    GITLAB_CI: 'true',
    CI_PIPELINE_SOURCE: kind,
    CI_DEFAULT_BRANCH: 'main',
    ...((kind === 'merge_request_event'
      ? { CI_MERGE_REQUEST_IID: '5', CI_COMMIT_REF_NAME: 'add-ana' }
      : { CI_COMMIT_BRANCH: 'main', CI_COMMIT_REF_NAME: 'main' }) as Record<string, string>),
    CI_API_V4_URL: 'http://127.0.0.1:9/api/v4',
    CI_PROJECT_ID: '1',
    CI_JOB_TOKEN: 'job-token',
    CI_PIPELINE_ID: '77',
    CI_COMMIT_SHA: 'e'.repeat(40),
    ...readOnly,
    ...protectedVars,
  };
}

describe('examples/ci/gitlab, run as GitLab would', () => {
  it('a merge request: validate (Code Quality report) and plan with the read-only user; no apply', async () => {
    const emu = await studio();
    const pipeline = gitlabPipeline(repository(), variables(emu, 'merge_request_event'));
    expect(pipeline.jobs).toEqual([
      { name: 'ftrack-roles-validate', when: 'on_success' },
      { name: 'ftrack-roles-plan', when: 'on_success' },
    ]);
    const validate = await pipeline.run('ftrack-roles-validate');
    expect(validate.code, validate.log).toBe(0);
    expect(JSON.parse(validate.artifacts.get('gl-code-quality-report.json')!)).toEqual([]);
    expect(validate.log).toContain('No catalogue yet');
    const plan = await pipeline.run('ftrack-roles-plan');
    expect(plan.code, plan.log).toBe(0);
    expect(plan.artifacts.get('plan.md')).toContain('Plan: 2 to assign, 2 to modify, 3 to remove.');
    expect(JSON.parse(plan.artifacts.get('plan.json')!)).toMatchObject({ api_user: 'svc-read' });
    expect(plan.log).not.toContain('read-key');
    expect(writesTo(emu)).toBe(0);
  }, 180_000);

  it('main: plan, then the manual apply applies the changes of that plan (exit 4 if they changed)', async () => {
    const emu = await studio();
    const pipeline = gitlabPipeline(repository(), variables(emu, 'push'));
    expect(pipeline.jobs).toEqual([
      { name: 'ftrack-roles-validate', when: 'on_success' },
      { name: 'ftrack-roles-plan', when: 'on_success' },
      { name: 'ftrack-roles-apply', when: 'manual' },
    ]);
    expect((await pipeline.run('ftrack-roles-plan')).code).toBe(0);
    const apply = await pipeline.run('ftrack-roles-apply');
    expect(apply.code, apply.log).toBe(0);
    expect(writesTo(emu)).toBe(1);
    expect(apply.artifacts.get('audit/audit.jsonl')).toContain('"applied"');
    expect(apply.log).not.toContain('local-demo-key');

    // Another pipeline: the server changes between the plan and the click on apply.
    const emu2 = await studio();
    const other = gitlabPipeline(repository(), variables(emu2, 'push'));
    expect((await other.run('ftrack-roles-plan')).code).toBe(0);
    await giveRole(emu2, 'bo', 'User');
    const refused = await other.run('ftrack-roles-apply');
    expect(refused.code).toBe(4);
    expect(refused.log).toContain('The plan made now differs from the reviewed plan');
    expect(writesTo(emu2)).toBe(0);
  }, 180_000);

  it('a schedule: drift fails on drift with its report; the catalogue then feeds validate in merge requests', async () => {
    const emu = await studio();
    const nightly = gitlabPipeline(repository(), variables(emu, 'schedule'));
    expect(nightly.jobs.map((j) => j.name)).toEqual(['ftrack-roles-drift', 'ftrack-roles-catalog']);
    const drift = await nightly.run('ftrack-roles-drift');
    expect(drift.code).toBe(2);
    expect(drift.artifacts.get('drift.md')).toBeDefined();
    const catalog = await nightly.run('ftrack-roles-catalog');
    expect(catalog.code, catalog.log).toBe(0);
    const file = join(work, 'catalog.json');
    writeFileSync(file, catalog.artifacts.get('catalog.json')!);

    const repo = repository();
    writeFileSync(
      join(repo, 'access/users/extra.yaml'),
      'version: 1\nusers:\n  anna:\n    roles:\n      User: all-open\n',
    );
    const mr = gitlabPipeline(repo, { ...variables(emu, 'merge_request_event'), CATALOG: file });
    const validate = await mr.run('ftrack-roles-validate');
    expect(validate.code).toBe(1);
    const issues = JSON.parse(validate.artifacts.get('gl-code-quality-report.json')!) as {
      description: string;
      location: { path: string; lines: { begin: number } };
    }[];
    expect(
      issues.some(
        (i) => i.location.path === 'access/users/extra.yaml' && /anna/.test(i.description),
      ),
    ).toBe(true);
  }, 180_000);

  it('a schedule with FTRACK_ROLES_JOB=report runs the access review alone: every format as an artifact, the audit log in the cache', async () => {
    const emu = await studio();
    // The recipe's default formats: every view of the review.
    const formats = ['json', 'csv', 'html'];
    const seeded = join(work, 'seeded-cache');
    mkdirSync(join(seeded, 'audit'), { recursive: true });
    writeFileSync(join(seeded, 'audit/marker'), 'the last run');
    const caches = new Map([['ftrack-roles-audit', seeded]]);
    const report = { FTRACK_ROLES_JOB: 'report' };
    const monthly = gitlabPipeline(
      repository(),
      { ...variables(emu, 'schedule'), ...report },
      caches,
    );
    expect(monthly.jobs).toEqual([{ name: 'ftrack-roles-report', when: 'on_success' }]);
    const run = await monthly.run('ftrack-roles-report');
    expect(run.code, run.log).toBe(0);
    const files = [...run.artifacts.keys()]
      .filter((f) => !f.startsWith('access-review/audit/'))
      .sort();
    const day = /access-review-(\d{4}-\d{2}-\d{2})\.json/.exec(files.join(' '))?.[1];
    expect(files).toEqual(formats.map((f) => `access-review/access-review-${day}.${f}`).sort());
    const model = JSON.parse(run.artifacts.get(`access-review/access-review-${day}.json`)!) as {
      kind: string;
      api_user: string;
      summary: { access_rows: number; exceptions: { total: number } };
      exceptions: unknown[];
    };
    expect(model).toMatchObject({ kind: 'access-review', api_user: 'svc-read' });
    expect(model.summary.exceptions.total).toBe(model.exceptions.length);
    const csv = run.artifacts.get(`access-review/access-review-${day}.csv`)!;
    expect(csv.trimEnd().split('\r\n').length - 1).toBe(model.summary.access_rows);
    // The cache was restored into the job and saved again after it.
    const cached = caches.get('ftrack-roles-audit')!;
    expect(cached).not.toBe(seeded);
    expect(filesUnder(cached).get('audit/marker')).toBe('the last run');
    expect([run.log, ...run.artifacts.values()].join('\n')).not.toContain('read-key');
    expect(writesTo(emu)).toBe(0);

    // Sign-off: "Run pipeline" on main (not on another branch) with REVIEWER.
    const web = { ...variables(emu, 'web'), ...report, REVIEWER: 'Dana Auditor' };
    const branch = gitlabPipeline(repository(), { ...web, CI_COMMIT_BRANCH: 'topic' });
    expect(branch.jobs).toEqual([]);
    const signing = gitlabPipeline(repository(), web, caches);
    expect(signing.jobs).toEqual([{ name: 'ftrack-roles-report', when: 'on_success' }]);
    const signed = await signing.run('ftrack-roles-report');
    expect(signed.code, signed.log).toBe(0);
    expect(signed.artifacts.get('access-review/audit/audit.jsonl')).toContain('Dana Auditor');
    // The cache carries the sign-off and its snapshot to the next review's pipeline.
    const carried = filesUnder(caches.get('ftrack-roles-audit')!);
    expect(carried.get('audit/audit.jsonl')).toContain('Dana Auditor');
    expect([...carried.keys()].some((f) => f.startsWith('audit/reviews/'))).toBe(true);
    expect(writesTo(emu)).toBe(0);
  }, 180_000);
});
