// The logic of the GitHub Action (action.yml at the repository root): runs one ftrack-roles
// command the CI way and reports where a reviewer looks. Plain Node, no dependencies; it
// reads the action's inputs from INPUT_* variables (action.yml maps them) and talks to
// GitHub's REST API with fetch (GITHUB_API_URL, so that a test can stand in for GitHub).
//
//   validate      annotations on the changed lines (--format github); with `catalog`, the
//                 names are checked offline against a catalogue file (`catalog pull`)
//   plan          the plan as one sticky pull-request comment and the job summary, also
//                 when plan fails (its errors); the plan file for the upload step; skipped
//                 with a notice when the job has no key (a pull request from a fork)
//   apply         apply --yes; `reviewed: auto` applies only the changes of the plan that
//                 was reviewed on the merged pull request (its comment's changes digest)
//   drift         drift --format markdown into the job summary; drift fails the job
//   catalog-pull  catalog pull --out CATALOG, for validate in jobs without a key
//   adopt         adopt --write: the drift that can be adopted written into the files (a
//                 later step of the recipe opens a pull request with it); the diff and
//                 what was left alone go to the summary and to a file for the PR's body
//   report        the access review (report) in each of `report-formats` into
//                 `report-dir`, for the upload step; its counts, exceptions and last
//                 sign-off in the job summary; `reviewer` signs it off in the audit log
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

const env = process.env;
const input = (name, fallback = '') => {
  const value = env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
};
const words = (text) => text.split(/\s+/).filter(Boolean);
const MARKER = '<!-- ftrack-roles-plan -->';
const DIGEST = /<!-- ftrack-roles-changes-digest: (sha256:[0-9a-f]{64}) -->/;

/** Runs ftrack-roles; its stderr goes to the log, its stdout is returned unless shown. */
function ftrackRoles(args, { capture = false } = {}) {
  console.log(`$ ftrack-roles ${args.join(' ')}`);
  const result = spawnSync('ftrack-roles', args, {
    encoding: 'utf8',
    stdio: ['ignore', capture ? 'pipe' : 'inherit', 'pipe'],
    maxBuffer: 256 << 20,
  });
  if (result.error) throw result.error;
  if (result.stderr) process.stderr.write(result.stderr);
  return { code: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function output(name, value) {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
}
function summary(markdown) {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
}
const escape = (text) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const notice = (text) => console.log(`::notice title=ftrack-roles::${escape(text)}`);
const warning = (text) => console.log(`::warning title=ftrack-roles::${escape(text)}`);
const error = (text) => console.log(`::error title=ftrack-roles::${escape(text)}`);

function event() {
  if (!env.GITHUB_EVENT_PATH || !existsSync(env.GITHUB_EVENT_PATH)) return {};
  return JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
}

/** One call to GitHub's REST API; throws with the status on an error answer. */
async function github(method, path, body) {
  const base = env.GITHUB_API_URL ?? 'https://api.github.com';
  const answer = await fetch(`${base}${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${input('github-token')}`,
      'x-github-api-version': '2022-11-28',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!answer.ok) throw new Error(`GitHub answered HTTP ${answer.status} to ${method} ${path}`);
  return answer.status === 204 ? null : answer.json();
}

/** The pull request's comments, all pages. */
async function comments(number) {
  const all = [];
  for (let page = 1; page <= 50; page++) {
    const batch = await github(
      'GET',
      `/repos/${env.GITHUB_REPOSITORY}/issues/${number}/comments?per_page=100&page=${page}`,
    );
    all.push(...batch);
    if (batch.length < 100) break;
  }
  return all;
}

/** Creates the plan comment, or updates the one posted before (one sticky comment). */
async function postComment(number, markdown) {
  const body = `${MARKER}\n${markdown}`;
  const old = (await comments(number)).find((c) => String(c.body ?? '').startsWith(MARKER));
  if (old)
    await github('PATCH', `/repos/${env.GITHUB_REPOSITORY}/issues/comments/${old.id}`, { body });
  else await github('POST', `/repos/${env.GITHUB_REPOSITORY}/issues/${number}/comments`, { body });
}

async function validate(paths) {
  const catalog = input('catalog');
  const args = ['validate', ...paths, '--format', 'github'];
  if (catalog && existsSync(catalog)) args.push('--catalog', catalog);
  else if (catalog) notice(`No catalogue at ${catalog}: the names are checked by plan only.`);
  const { code } = ftrackRoles([...args, ...words(input('args'))]);
  summary(
    `### ftrack-roles validate\n\n${code === 0 ? 'The access files are valid.' : `The access files have errors (exit ${code}); see the annotations.`}`,
  );
  return code;
}

async function plan(paths) {
  const pr = event().pull_request;
  if (!env.FTRACK_API_KEY) {
    const why = pr?.head?.repo?.fork
      ? 'a pull request from a fork gets no secrets'
      : 'FTRACK_API_KEY is not set for this job';
    notice(`plan skipped: ${why}. validate still checks the files.`);
    summary(`### ftrack-roles plan\n\nSkipped: ${why}.`);
    output('skipped', 'true');
    return 0;
  }
  const planFile = input('plan-file', 'plan.json');
  const args = ['plan', ...paths, '--format', 'markdown', '--out', planFile, '--detailed-exitcode'];
  const run = ftrackRoles([...args, ...words(input('args'))], { capture: true });
  const markdown =
    run.stdout.trim() !== ''
      ? run.stdout
      : `### ftrack-roles plan\n\n**plan failed (exit ${run.code})**\n\n\`\`\`text\n${run.stderr.trim()}\n\`\`\`\n`;
  process.stdout.write(markdown);
  summary(markdown);
  output('exit-code', run.code);
  output('changes-digest', DIGEST.exec(markdown)?.[1] ?? '');
  if (input('comment', 'true') === 'true' && pr?.number !== undefined) {
    try {
      await postComment(pr.number, markdown);
    } catch (problem) {
      // A fork's token is read-only: the plan is still in the log and the job summary.
      warning(`Could not post the plan comment: ${problem.message}.`);
    }
  }
  // 0: no changes, 2: changes pending; 1 (error) and 3 (refused) fail the job.
  return run.code === 0 || run.code === 2 ? 0 : run.code;
}

/** The changes digest of the plan reviewed on the pull request merged as this commit. */
async function reviewedDigest() {
  const sha = env.GITHUB_SHA;
  const pulls = await github('GET', `/repos/${env.GITHUB_REPOSITORY}/commits/${sha}/pulls`);
  const pull = pulls.find((p) => p.merge_commit_sha === sha) ?? pulls[0];
  if (!pull) return { why: `no pull request was merged as ${sha}` };
  const comment = (await comments(pull.number)).find((c) =>
    String(c.body ?? '').startsWith(MARKER),
  );
  const digest = comment && DIGEST.exec(comment.body)?.[1];
  if (!digest) return { why: `pull request #${pull.number} has no ftrack-roles plan comment` };
  return { digest, pull: pull.number };
}

async function apply(paths) {
  const args = ['apply', ...paths, '--yes', '--audit-log', input('audit-log', 'audit/audit.jsonl')];
  const reviewed = input('reviewed');
  if (reviewed === 'auto') {
    const found = await reviewedDigest();
    if (!found.digest) {
      error(
        `Nothing applied: ${found.why}, so there is no reviewed plan to hold the apply to. Merge access changes through a pull request whose plan job ran, or set reviewed: '' to apply without that check.`,
      );
      return 1;
    }
    notice(`Applying only the changes reviewed on pull request #${found.pull} (${found.digest}).`);
    args.push('--reviewed', found.digest);
  } else if (reviewed) {
    args.push('--reviewed', reviewed);
  }
  const { code } = ftrackRoles([...args, ...words(input('args'))]);
  summary(
    `### ftrack-roles apply\n\n${code === 0 ? 'Applied (or nothing to apply); the audit log is kept as an artifact.' : code === 4 ? 'Refused (exit 4): the plan made now is not the reviewed plan. Nothing was sent.' : `Failed (exit ${code}); see the log.`}`,
  );
  return code;
}

async function drift(paths) {
  const run = ftrackRoles(['drift', ...paths, '--format', 'markdown', ...words(input('args'))], {
    capture: true,
  });
  process.stdout.write(run.stdout);
  summary(run.stdout);
  output('exit-code', run.code);
  if (run.code === 2 && input('fail-on-drift', 'true') !== 'true') return 0;
  return run.code;
}

function catalogPull() {
  const out = input('catalog', 'catalog.json');
  return ftrackRoles(['catalog', 'pull', '--out', out, ...words(input('args'))]).code;
}

function adopt(paths) {
  const run = ftrackRoles(['adopt', ...paths, '--write', ...words(input('args'))], {
    capture: true,
  });
  const diff = run.stdout.trim();
  const left = run.stderr.trim();
  const body = [
    '### ftrack-roles adopt',
    '',
    diff === ''
      ? 'Nothing could be adopted.'
      : "The server's state of the drifted users, written into the files:",
    ...(diff === '' ? [] : ['', '```diff', diff, '```']),
    ...(left === '' ? [] : ['', '```text', left, '```']),
    '',
  ].join('\n');
  const file = join(env.RUNNER_TEMP ?? '.', 'ftrack-roles-adopt.md');
  writeFileSync(file, body);
  summary(body);
  output('adopted', diff === '' ? 'false' : 'true');
  output('body-file', file);
  output('exit-code', run.code);
  return run.code;
}

/** Markdown-safe text for a table cell or a line: the characters Markdown acts on escaped. */
const md = (text) =>
  String(text)
    .replace(/[\\`*_{}[\]<>|#!~]/g, '\\$&')
    .replace(/\s+/g, ' ');

/** The job summary of an access review: server, counts, exceptions, the last sign-off. */
function reviewSummary(review, { file, digest, reviewer }) {
  const s = review.summary;
  const kinds = Object.entries(s.exceptions).filter(([kind]) => kind !== 'total');
  const last = review.last_review;
  const lines = [
    '### ftrack-roles access review',
    '',
    `Server ${md(review.server)}, read as ${md(review.api_user)} at ${md(review.generated_at)}.`,
    '',
    '| | count |',
    '| --- | ---: |',
    `| users (active) | ${s.users} (${s.active_users}) |`,
    `| users holding roles | ${s.holders} |`,
    `| projects (private) | ${s.projects} (${s.private_projects}) |`,
    `| grants (undeclared) | ${s.grants} (${s.undeclared_grants}) |`,
    `| access rows | ${s.access_rows} |`,
    `| exceptions | ${s.exceptions.total} |`,
    '',
    '| exception | count |',
    '| --- | ---: |',
    ...kinds.map(([kind, count]) => `| ${kind} | ${count} |`),
    '',
  ];
  if (last) {
    const c = last.changes;
    const since = c
      ? `since then ${c.users_added.length} users added, ${c.users_removed.length} removed, ${c.grants_added.length} grants added, ${c.grants_removed.length} removed`
      : `what changed since is unknown (${md(last.changes_unavailable ?? 'no snapshot')})`;
    lines.push(
      `**Last review:** signed by ${md(last.reviewer)} at ${md(last.time)} (the review of ${md(last.generated_at)}, ${md(last.report_digest)}); ${since}.`,
      '',
    );
  } else {
    lines.push('**Last review:** none recorded in the audit log.', '');
  }
  if (reviewer) {
    lines.push(
      `**Signed off** by ${md(reviewer)}: this review (${digest}) is recorded in the audit log.`,
      '',
    );
  }
  lines.push(`Report digest ${digest} (\`sha256sum ${basename(file)}\`).`, '');
  return lines.join('\n');
}

function report(paths) {
  const dir = input('report-dir', 'access-review');
  const day = new Date().toISOString().slice(0, 10);
  // JSON always: it is the model, and this summary reads it.
  const formats = [
    ...new Set(['json', ...words(input('report-formats', 'json,csv,html').replace(/,/g, ' '))]),
  ];
  const file = (format) => join(dir, `access-review-${day}.${format}`);
  const auditLog = input('audit-log', 'audit/audit.jsonl');
  const reviewer = input('reviewer');
  mkdirSync(dir, { recursive: true });
  // One read of the server writes every file (the same generated_at); the audit log gives
  // the last review and records the sign-off.
  mkdirSync(dirname(auditLog), { recursive: true });
  const outs = formats.flatMap((format) => ['--out', file(format)]);
  const signOff = reviewer ? ['--reviewer', reviewer] : [];
  const args = ['report', ...paths, ...outs, '--audit-log', auditLog, ...signOff];
  const code = ftrackRoles([...args, ...words(input('args'))]).code;
  if (code !== 0) {
    summary(`### ftrack-roles access review\n\nFailed (exit ${code}); see the log.`);
    return code;
  }
  // The audit log as it stands after this run (with its sign-off) and the snapshots of the
  // reviews beside it (reviews/), kept with the review in <report-dir>/audit/.
  if (existsSync(auditLog)) {
    const kept = join(dir, 'audit');
    mkdirSync(kept, { recursive: true });
    copyFileSync(auditLog, join(kept, basename(auditLog)));
    const reviews = join(dirname(auditLog), 'reviews');
    if (existsSync(reviews)) cpSync(reviews, join(kept, 'reviews'), { recursive: true });
  }
  const json = readFileSync(file('json'));
  const review = JSON.parse(json.toString('utf8'));
  const digest = `sha256:${createHash('sha256').update(json).digest('hex')}`;
  const markdown = reviewSummary(review, { file: file('json'), digest, reviewer });
  process.stdout.write(markdown);
  summary(markdown);
  output('report-dir', dir);
  output('report-digest', digest);
  output('exceptions', review.summary.exceptions.total);
  output('artifact-name', `access-review-${day}`);
  return 0;
}

const commands = { validate, plan, apply, drift, 'catalog-pull': catalogPull, adopt, report };
const name = input('command');
if (!Object.hasOwn(commands, name)) {
  error(`Unknown command "${name}": give one of ${Object.keys(commands).join(', ')}.`);
  process.exit(1);
}
process.exit(await commands[name](words(input('paths', 'access'))));
