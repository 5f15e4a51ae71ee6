import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import type { AccessReview } from '../../src/report/access-review-types.js';
import { fakeIo } from './fake-io.js';

const root = join(import.meta.dirname, '../..');
const KEY = 'local-demo-key';

/** A small RFC 4180 reader: quoted fields with "" escapes, commas and line breaks inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (c === '\r' || c === '\n' || c === '"') {
      throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('the last row does not end with CRLF');
  return rows;
}

function studio(withGit: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-review-'));
  cpSync(join(root, 'examples/studio/access'), join(dir, 'access'), { recursive: true });
  if (withGit) {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git(
      '-c',
      'user.name=Ana Auditor',
      '-c',
      'user.email=ana@example.com',
      '-c',
      'commit.gpgsign=false',
      'commit',
      '-qm',
      'access as approved',
    );
  }
  return dir;
}

describe('ftrack-roles report (access review)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
  });
  afterAll(async () => {
    await emu.stop();
  });

  async function report(dir: string, argv: string[]) {
    const run = fakeIo(dir, {
      FTRACK_SERVER: emu.url,
      FTRACK_API_USER: 'svc-access',
      FTRACK_API_KEY: KEY,
    });
    const code = await runCli(['report', 'access', ...argv], run.io);
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  }

  it('in git: every grant says why, with the commit; counts and exceptions add up', async () => {
    const dir = studio(true);
    const result = await report(dir, ['--many-users', '2']);
    expect(result.code, result.stderr).toBe(0);
    const review = JSON.parse(result.stdout) as AccessReview;
    expect(review.format_version).toBe(1);
    expect(review.git_unavailable).toBeNull();
    expect(review.git?.head).toMatch(/^[0-9a-f]{40}$/);
    expect(review.config_digest).toMatch(/^sha256:/);
    // Every project of the server, open and private; every user.
    expect(review.projects.map((p) => p.name)).toContain('falcon');
    expect(review.summary.projects).toBe(review.projects.length);
    expect(review.summary.users).toBe(review.users.length);
    expect(review.summary.grants).toBe(review.grants.length);
    expect(review.summary.undeclared_grants).toBe(review.grants.filter((g) => !g.declared).length);
    const perRole = Object.values(review.summary.per_role).reduce((n, r) => n + r.grants, 0);
    expect(perRole).toBe(review.grants.length);
    const total = Object.entries(review.summary.exceptions)
      .filter(([k]) => k !== 'total')
      .reduce((n, [, v]) => n + v, 0);
    expect(total).toBe(review.exceptions.length);
    expect(review.summary.exceptions.total).toBe(review.exceptions.length);
    // A declared grant names its line, and the commit that wrote it.
    const declared = review.grants.find((g) => g.declared)!;
    const source = declared.sources[0]!;
    expect(source.source).toMatch(/^access\/.+\.yaml:\d+:\d+$/);
    expect(source.git).toMatchObject({ committed: true, author: 'Ana Auditor' });
    expect(source.git?.summary).toBe('access as approved');
    const line = readFileSync(join(dir, source.file), 'utf8').split('\n')[source.line - 1];
    expect(line).toContain(declared.role);
    // Exceptions: zoe is inactive with a role and undeclared; the private falcon is
    // reached by more than 2 users; Administrator is protected.
    const kinds = (user: string | null) =>
      review.exceptions.filter((e) => e.user === user).map((e) => e.kind);
    expect(kinds('zoe')).toEqual(
      expect.arrayContaining(['drift', 'undeclared-holder', 'inactive-with-roles']),
    );
    const falcon = review.projects.find((p) => p.name === 'falcon')!;
    expect(falcon.users).toBeGreaterThan(2);
    expect(review.exceptions).toContainEqual(
      expect.objectContaining({ kind: 'private-many-users', project: 'falcon' }),
    );
    expect(review.exceptions.some((e) => e.kind === 'protected-role-holder')).toBe(true);
    expect(result.stdout).not.toContain(KEY);

    // The default threshold (10) does not flag falcon.
    const again = JSON.parse((await report(dir, [])).stdout) as AccessReview;
    expect(again.exceptions.some((e) => e.kind === 'private-many-users')).toBe(false);
  });

  it('--format csv --out: one row per user × role × project, round-trips, counts match', async () => {
    const dir = studio(true);
    const json = JSON.parse((await report(dir, [])).stdout) as AccessReview;
    const result = await report(dir, ['--format', 'csv', '--out', 'out/review.csv']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Wrote the access review to out/review.csv');
    expect(readdirSync(join(dir, 'out'))).toEqual(['review.csv']);
    const text = readFileSync(join(dir, 'out/review.csv'), 'utf8');
    const [header, ...rows] = parseCsv(text);
    expect(header?.slice(0, 4)).toEqual(['user', 'user_active', 'role', 'project']);
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
    expect(rows.length).toBe(json.summary.access_rows);
    const col = (name: string) => header!.indexOf(name);
    for (const p of json.projects) {
      const reach = new Set(rows.filter((r) => r[col('project')] === p.name).map((r) => r[0]));
      expect(reach.size, p.name).toBe(p.users);
      expect(json.summary.per_project[p.name]?.users).toBe(p.users);
    }
    // All-open grants are expanded to the open projects only, and say so.
    const viaAllOpen = rows.filter((r) => r[col('via_all_open')] === 'yes');
    expect(viaAllOpen.length).toBeGreaterThan(0);
    expect(viaAllOpen.every((r) => r[col('project_private')] === 'no')).toBe(true);
    expect(rows.some((r) => r[col('authors')] === 'Ana Auditor')).toBe(true);
    const unique = new Set(rows.map((r) => `${r[0]}|${r[2]}|${r[3]}`));
    expect(unique.size).toBe(rows.length);
  });

  it('refuses a --many-users that is not a whole number', async () => {
    const result = await report(studio(false), ['--many-users', '-3']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('expected a whole number of users, 0 or more.');
  });

  it('without git: git is null and says why; the report is otherwise the same', async () => {
    const dir = studio(false);
    // Even if the temporary directory were inside a repository, git must not find it.
    const ceiling = process.env['GIT_CEILING_DIRECTORIES'];
    process.env['GIT_CEILING_DIRECTORIES'] = tmpdir();
    const result = await report(dir, []).finally(() => {
      if (ceiling === undefined) delete process.env['GIT_CEILING_DIRECTORIES'];
      else process.env['GIT_CEILING_DIRECTORIES'] = ceiling;
    });
    expect(result.code, result.stderr).toBe(0);
    const review = JSON.parse(result.stdout) as AccessReview;
    expect(review.git).toBeNull();
    expect(review.git_unavailable).toMatch(/git/);
    expect(review.grants.flatMap((g) => g.sources).every((s) => s.git === null)).toBe(true);
    expect(review.grants.some((g) => g.declared)).toBe(true);
  });
});
