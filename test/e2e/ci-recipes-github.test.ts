import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { runGithubJob, type GithubRun } from './ci-run/github.js';
import {
  buildTarball,
  FakeGithub,
  filesUnder,
  giveRole,
  machineEnv,
  studioSeed,
  stub,
  writesTo,
} from './ci-run/setup.js';

/**
 * The GitHub recipes of examples/ci/github, run step by step (ci-run/github.ts) against the
 * emulator and a stand-in for GitHub's API, with the environment GitHub gives: secrets on
 * a pull request of the repository, none on a fork's. Our action installs the package of
 * this tree (a release tarball built here) in place of the release the recipes pin.
 */
const root = join(import.meta.dirname, '../..');
const recipe = (name: string) => join(root, 'examples/ci/github', name);
const work = mkdtempSync(join(tmpdir(), 'ftrack-roles-gh-'));
const stubs = join(work, 'stubs');
const github = new FakeGithub();
let tarball = '';
const emulators: Emulator[] = [];

beforeAll(async () => {
  tarball = await buildTarball(root, work);
  await github.start();
  // gh: `run list` names the last drift run when GH_RUN_ID is set; `run download` copies
  // that run's artifact (GH_ARTIFACTS/NAME) into the working directory.
  stub(
    stubs,
    'gh',
    [
      'echo "gh $*" >> "${GH_LOG:-/dev/null}"',
      'if [ "$1 $2" = "run list" ]; then echo "${GH_RUN_ID:-}"; exit 0; fi',
      'if [ "$1 $2" = "pr create" ]; then echo "https://github.com/studio/access/pull/12"; exit 0; fi',
      'if [ "$1 $2" = "run download" ]; then',
      '  name="$(echo "$*" | sed -E "s/.*--name ([^ ]+).*/\\1/")"',
      '  [ -d "${GH_ARTIFACTS:-}/$name" ] || exit 1',
      '  cp -r "$GH_ARTIFACTS/$name/." .; exit 0',
      'fi',
      'exit 1',
    ].join('\n'),
  );
}, 180_000);

afterAll(async () => {
  await github.stop();
  await Promise.all(emulators.map((emu) => emu.stop()));
  rmSync(work, { recursive: true, force: true });
});

/** The example studio, with a read-only API user beside the writing one. */
async function studio(): Promise<Emulator> {
  const emu = await startEmulator({ seed: studioSeed(root) });
  emulators.push(emu);
  return emu;
}

let runs = 0;
/** A job's machine: a fresh checkout of the example studio. */
function job(emu: Emulator, over: Partial<GithubRun> & Pick<GithubRun, 'event'>): GithubRun {
  const dir = join(work, `run-${++runs}`);
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  cpSync(join(root, 'examples/studio/access'), join(workspace, 'access'), { recursive: true });
  return {
    root,
    workspace,
    vars: {
      FTRACK_SERVER: emu.url,
      FTRACK_READONLY_API_USER: 'svc-read',
      FTRACK_API_USER: 'svc-access',
    },
    secrets: { FTRACK_READONLY_API_KEY: 'read-key', FTRACK_API_KEY: 'local-demo-key' },
    token: 'repo-token',
    machineEnv: {
      // One npm prefix for every job: the action's install step finds the package installed
      // after the first job and skips (on GitHub, every job installs on a fresh machine).
      ...machineEnv(join(work, 'prefix'), stubs),
      GITHUB_API_URL: github.url,
      GH_LOG: join(dir, 'gh.log'),
    },
    artifacts: new Map(),
    ourActionInputs: { version: tarball },
    ...over,
  };
}

const pullRequest = (number: number, fork = false) => ({
  name: 'pull_request',
  payload: { pull_request: { number, head: { repo: { fork } } } },
});

describe('examples/ci/github, run as GitHub would', () => {
  it('a pull request: validate, then plan as one sticky comment and the plan artifact; on merge, apply what was reviewed', async () => {
    const emu = await studio();
    const pr = job(emu, { event: pullRequest(7) });
    const validate = await runGithubJob(recipe('access-plan.yml'), 'validate', pr);
    expect(validate.result, validate.log).toBe('success');
    expect(validate.log).toContain('No catalogue at catalog.json');

    const plan = await runGithubJob(recipe('access-plan.yml'), 'plan', pr);
    expect(plan.result, plan.log).toBe('success');
    const [comment, ...more] = github.comments.get(7) ?? [];
    expect(more).toEqual([]);
    expect(comment?.body).toMatch(/^<!-- ftrack-roles-plan -->\n### ftrack-roles plan/);
    expect(comment?.body).toContain('Plan: 2 to assign, 2 to modify, 3 to remove.');
    expect(plan.summary).toContain('### ftrack-roles plan');
    const artifact = pr.artifacts.get('ftrack-roles-plan');
    expect(artifact && existsSync(join(artifact, 'plan.json'))).toBe(true);
    expect(plan.log).not.toContain('read-key');
    // A second push updates the one comment.
    await runGithubJob(recipe('access-plan.yml'), 'plan', pr);
    expect(github.comments.get(7)).toHaveLength(1);
    expect(github.writes.filter((w) => w.startsWith('PATCH'))).toHaveLength(1);
    expect(writesTo(emu)).toBe(0);

    // Merged as this commit: the apply finds the pull request's plan comment.
    const sha = 'b'.repeat(40);
    github.pulls.set(sha, [{ number: 7, merge_commit_sha: sha }]);
    const merged = job(emu, { event: { name: 'push', payload: {} }, sha });
    const apply = await runGithubJob(recipe('access-apply.yml'), 'apply', merged);
    expect(apply.result, apply.log).toBe('success');
    expect(apply.log).toContain('Applying only the changes reviewed on pull request #7');
    expect(writesTo(emu)).toBe(1);
    const audit = merged.artifacts.get('access-audit-4242');
    expect(audit && readFileSync(join(audit, 'audit/audit.jsonl'), 'utf8')).toContain('"applied"');
    expect(apply.log).not.toContain('local-demo-key');
  }, 180_000);

  it('apply refuses (exit 4) when the changes are no longer the reviewed ones, or nothing was reviewed', async () => {
    const emu = await studio();
    const pr = job(emu, { event: pullRequest(8) });
    expect((await runGithubJob(recipe('access-plan.yml'), 'plan', pr)).result).toBe('success');
    // Behind the files' back, bo gets the User role the reviewed plan assigns.
    await giveRole(emu, 'bo', 'User');
    const sha = 'c'.repeat(40);
    github.pulls.set(sha, [{ number: 8, merge_commit_sha: sha }]);
    const apply = await runGithubJob(
      recipe('access-apply.yml'),
      'apply',
      job(emu, { event: { name: 'push', payload: {} }, sha }),
    );
    expect(apply.result).toBe('failure');
    expect(apply.log).toContain('The plan made now differs from the reviewed plan');
    expect(apply.summary).toContain('Refused (exit 4)');
    // Pushed to main without a pull request: nothing was reviewed, nothing is applied.
    const direct = await runGithubJob(
      recipe('access-apply.yml'),
      'apply',
      job(emu, { event: { name: 'push', payload: {} }, sha: 'd'.repeat(40) }),
    );
    expect(direct.result).toBe('failure');
    expect(direct.log).toContain('no pull request was merged as dddd');
    expect(writesTo(emu)).toBe(0);
  }, 180_000);

  it("a fork's pull request: validate runs without secrets, plan is skipped with a notice", async () => {
    const emu = await studio();
    github.readOnlyTokens.add('fork-token');
    const fork = job(emu, { event: pullRequest(9, true), secrets: {}, token: 'fork-token' });
    const validate = await runGithubJob(recipe('access-plan.yml'), 'validate', fork);
    expect(validate.result, validate.log).toBe('success');
    const plan = await runGithubJob(recipe('access-plan.yml'), 'plan', fork);
    expect(plan.result, plan.log).toBe('success');
    expect(plan.log).toContain(
      '::notice title=ftrack-roles::plan skipped: a pull request from a fork gets no secrets',
    );
    expect(fork.artifacts.has('ftrack-roles-plan')).toBe(false);
    expect(github.comments.has(9)).toBe(false);
    expect(emu.requestCount()).toBe(0);
  }, 180_000);

  it('a broken file: annotations at its line, the comment lists the errors, both jobs fail', async () => {
    const emu = await studio();
    const pr = job(emu, { event: pullRequest(10) });
    writeFileSync(
      join(pr.workspace, 'access/users/extra.yaml'),
      'version: 1\nusers:\n  ana:\n    roles:\n      Supervisr: all-open\n',
    );
    const validate = await runGithubJob(recipe('access-plan.yml'), 'validate', pr);
    expect(validate.result).toBe('failure');
    expect(validate.log).toMatch(/::error file=access\/users\/extra\.yaml,line=5/);
    const plan = await runGithubJob(recipe('access-plan.yml'), 'plan', pr);
    expect(plan.result).toBe('failure');
    const [comment] = github.comments.get(10) ?? [];
    expect(comment?.body).toContain('Supervisr');
    expect(comment?.body).toContain('access/users/extra.yaml');
    expect(writesTo(emu)).toBe(0);
  }, 180_000);

  it('the nightly drift job keeps a catalogue, fails on drift with its report, and validate uses the catalogue', async () => {
    const emu = await studio();
    const nightly = job(emu, { event: { name: 'schedule', payload: {} } });
    const drift = await runGithubJob(recipe('access-drift.yml'), 'drift', nightly);
    expect(drift.result).toBe('failure'); // the example studio drifts on purpose
    expect(drift.summary).toContain('drift');
    const catalog = nightly.artifacts.get('ftrack-roles-catalog');
    expect(catalog && existsSync(join(catalog, 'catalog.json'))).toBe(true);

    const pr = job(emu, { event: pullRequest(11) });
    pr.machineEnv['GH_RUN_ID'] = '99';
    pr.machineEnv['GH_ARTIFACTS'] = join(work, 'artifacts');
    mkdirSync(join(work, 'artifacts'), { recursive: true });
    cpSync(catalog!, join(work, 'artifacts/ftrack-roles-catalog'), { recursive: true });
    writeFileSync(
      join(pr.workspace, 'access/users/extra.yaml'),
      'version: 1\nusers:\n  anna:\n    roles:\n      User: all-open\n',
    );
    const validate = await runGithubJob(recipe('access-plan.yml'), 'validate', pr);
    expect(validate.log).toContain('--catalog catalog.json');
    expect(validate.log).toMatch(/::error file=access\/users\/extra\.yaml,line=3.*anna/);
    expect(validate.result).toBe('failure');
  }, 180_000);

  it('after drift, the adopt job writes the adoptable drift into the files and opens a pull request', async () => {
    const emu = await studio();
    const nightly = job(emu, { event: { name: 'schedule', payload: {} }, needsFailed: true });
    // The checkout: a git clone of the studio's repository (a bare one on this machine).
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
        cwd: nightly.workspace,
        encoding: 'utf8',
      });
    git('-c', 'init.defaultBranch=main', 'init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'access');
    const bare = join(work, `origin-${runs}.git`);
    execFileSync('git', ['clone', '-q', '--bare', nightly.workspace, bare]);
    git('remote', 'add', 'origin', bare);
    const adopt = await runGithubJob(recipe('access-drift.yml'), 'adopt', nightly);
    expect(adopt.result, adopt.log).toBe('success');
    expect(adopt.summary).toContain('```diff');
    const branch = 'ftrack-roles/adopt-4242';
    const changed = execFileSync('git', ['--git-dir', bare, 'diff', '--stat', 'main', branch], {
      encoding: 'utf8',
    });
    expect(changed).toMatch(/access\/users\/\S+\.yaml/);
    const ghLog = readFileSync(nightly.machineEnv['GH_LOG']!, 'utf8');
    expect(ghLog).toContain(`gh pr create --base main --head ${branch}`);
    expect(writesTo(emu)).toBe(0);
    // Without drift the job does not run.
    const quiet = job(emu, { event: { name: 'schedule', payload: {} } });
    expect((await runGithubJob(recipe('access-drift.yml'), 'adopt', quiet)).result).toBe('skipped');
  }, 180_000);

  it('the monthly access review: every format in a dated artifact, the counts in the summary, the audit log carried over in the cache', async () => {
    const emu = await studio();
    // The recipe's default formats: every view of the review.
    const formats = ['json', 'csv', 'html'];
    const caches = new Map<string, string>();
    for (const [run, text] of [
      ['1', 'older'],
      ['2', 'newer'],
    ] as const) {
      const dir = join(work, `cache-${run}`);
      mkdirSync(join(dir, 'audit'), { recursive: true });
      writeFileSync(join(dir, 'audit/marker'), text);
      caches.set(`ftrack-roles-audit-${run}-1`, dir);
    }
    const monthly = (runId: string, event: GithubRun['event']) =>
      job(emu, { event, runId, caches, ourActionInputs: { version: tarball } });
    const scheduled = { name: 'schedule', payload: { schedule: '0 6 1 * *' } };
    const first = monthly('5001', scheduled);
    const review = await runGithubJob(recipe('access-review.yml'), 'review', first);
    expect(review.result, review.log).toBe('success');

    // The artifact access-review-<date>: one file per format, read from the server once each.
    const [name, ...others] = [...first.artifacts.keys()];
    expect(others).toEqual([]);
    const day = /^access-review-(\d{4}-\d{2}-\d{2})$/.exec(name!)?.[1];
    expect(day, name).toBeDefined();
    const files = filesUnder(first.artifacts.get(name!)!);
    expect([...files.keys()].filter((f) => !f.startsWith('access-review/audit/')).sort()).toEqual(
      formats.map((f) => `access-review/access-review-${day}.${f}`).sort(),
    );
    const json = files.get(`access-review/access-review-${day}.json`)!;
    const model = JSON.parse(json) as {
      kind: string;
      server: string;
      summary: Record<string, number> & { exceptions: Record<string, number> };
      exceptions: unknown[];
    };
    expect(model).toMatchObject({ kind: 'access-review', server: emu.url });
    const csvRows = files.get(`access-review/access-review-${day}.csv`)!.trimEnd().split('\r\n');
    expect(csvRows.length - 1).toBe(model.summary['access_rows']);

    // The job summary: the counts and exceptions of that JSON, and its digest.
    const s = model.summary;
    expect(s.exceptions['total']).toBe(model.exceptions.length);
    expect(s.exceptions['drift']).toBeGreaterThan(0); // the example studio drifts on purpose
    for (const row of [
      `| users (active) | ${s['users']} (${s['active_users']}) |`,
      `| users holding roles | ${s['holders']} |`,
      `| projects (private) | ${s['projects']} (${s['private_projects']}) |`,
      `| grants (undeclared) | ${s['grants']} (${s['undeclared_grants']}) |`,
      `| access rows | ${s['access_rows']} |`,
      `| exceptions | ${s.exceptions['total']} |`,
      ...Object.entries(s.exceptions)
        .filter(([kind]) => kind !== 'total')
        .map(([kind, count]) => `| ${kind} | ${count} |`),
    ])
      expect(review.summary).toContain(row);
    const digest = `sha256:${createHash('sha256').update(json).digest('hex')}`;
    expect(review.summary).toContain(`Report digest ${digest}`);
    const step = review.steps.find((st) => st.name.endsWith('/ftrack-roles@v0.1.0'))!;
    expect(step.outputs).toMatchObject({
      'report-dir': 'access-review',
      'report-digest': digest,
      exceptions: String(s.exceptions['total']),
      'artifact-name': name,
    });

    // The newest cached audit log was restored, and saved again under this run's key.
    expect(caches.has('ftrack-roles-audit-5001-1')).toBe(true);
    expect(filesUnder(caches.get('ftrack-roles-audit-5001-1')!).get('audit/marker')).toBe('newer');
    expect(writesTo(emu)).toBe(0);
    const everything = [
      review.log,
      review.summary,
      name!,
      ...files.values(),
      ...filesUnder(caches.get('ftrack-roles-audit-5001-1')!).values(),
      ...review.steps.flatMap((st) => Object.values(st.outputs)),
    ].join('\n');
    expect(everything).not.toContain('read-key');

    // Sign-off: run by hand with a reviewer; the next review shows it.
    const dispatch = {
      name: 'workflow_dispatch',
      payload: { inputs: { reviewer: 'Dana Auditor' } },
    };
    const signing = monthly('5002', dispatch);
    const signed = await runGithubJob(recipe('access-review.yml'), 'review', signing);
    expect(signed.result, signed.log).toBe('success');
    expect(signed.summary).toContain('**Signed off** by Dana Auditor');
    const log = filesUnder(caches.get('ftrack-roles-audit-5002-1')!).get('audit/audit.jsonl');
    expect(log).toContain('Dana Auditor');
    const next = monthly('5003', scheduled);
    const later = await runGithubJob(recipe('access-review.yml'), 'review', next);
    expect(later.result, later.log).toBe('success');
    const [again] = [...next.artifacts.values()];
    const nextJson = JSON.parse(
      filesUnder(again!).get(`access-review/access-review-${day}.json`)!,
    ) as { last_review: { reviewer: string; report_digest: string } | null };
    const signedStep = signed.steps.find((st) => st.name.endsWith('/ftrack-roles@v0.1.0'))!;
    expect(nextJson.last_review).toMatchObject({
      reviewer: 'Dana Auditor',
      report_digest: signedStep.outputs['report-digest'],
    });
    expect(later.summary).toContain('**Last review:** signed by Dana Auditor');

    // The twice-weekly schedule only reads the newest cache entry (GitHub drops unread ones).
    const keepAlive = { name: 'schedule', payload: { schedule: '0 5 * * 1,4' } };
    const touch = job(emu, { event: keepAlive, caches });
    expect((await runGithubJob(recipe('access-review.yml'), 'review', touch)).result).toBe(
      'skipped',
    );
    const kept = await runGithubJob(recipe('access-review.yml'), 'keep-audit-log', touch);
    expect(kept.result).toBe('success');
    expect(kept.steps[0]!.outputs['cache-matched-key']).toBe('ftrack-roles-audit-5003-1');
  }, 180_000);
});
