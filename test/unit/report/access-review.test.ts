import { describe, expect, it } from 'vitest';
import { parseBlamePorcelain } from '../../../src/pipeline/access-review-git.js';
import { dropExpiredGrants } from '../../../src/plan/expiry.js';
import { planChanges } from '../../../src/plan/index.js';
import {
  csvField,
  renderAccessReviewCsv,
  writeAccessReviewCsv,
} from '../../../src/render/access-review-csv.js';
import { buildAccessReview } from '../../../src/report/access-review.js';
import { forEachAccessRow } from '../../../src/report/access-review-summary.js';
import type { AccessReview, ReviewLineCommit } from '../../../src/report/access-review-types.js';
import { buildState, loadTexts } from './state-builder.js';

const NOW = new Date('2026-01-01T12:00:00Z');

const CONFIG = {
  'access/settings.yaml': [
    'version: 1',
    'settings:',
    "  ignore_users: ['svc']",
    '  protected:',
    '    - role: Administrator',
    '      min_holders: 1',
    '',
  ].join('\n'),
  'access/groups.yaml': [
    'version: 1',
    'groups:',
    '  lighting:',
    '    members: [ana, bo]',
    '    roles:',
    '      User: all-open',
    '  secret-team:',
    '    members: [ana]',
    '    roles:',
    '      User: [secret]',
    '',
  ].join('\n'),
  'access/users.yaml': [
    'version: 1',
    'users:',
    '  ana:',
    '    roles:',
    "      Lead: ['show_*']",
    '  bo:',
    '    roles:',
    '      Reviewer: { projects: [beta], until: 2026-01-10 }',
    '',
  ].join('\n'),
};

const SERVER = buildState({
  users: [
    { username: 'svc', roles: { Administrator: 'all-open' } },
    {
      username: 'ana',
      roles: { User: { all_open: true, projects: ['secret'] }, Lead: ['show_a'] },
    },
    { username: 'bo', roles: { User: 'all-open', Reviewer: ['beta'] } },
    { username: 'zoe', active: false, roles: { User: ['secret'] } },
    { username: 'kai', roles: { Supervisor: 'all-open' } },
    { username: 'lee' },
  ],
});

const COMMIT: ReviewLineCommit = {
  committed: true,
  commit: 'a'.repeat(40),
  author: 'Ana Auditor',
  date: '2025-12-01T10:00:00.000Z',
  summary: 'grant lighting',
};

function review(options: { manyUsers?: number; git?: boolean } = {}): AccessReview {
  const { desired: all } = loadTexts(CONFIG);
  const desired = dropExpiredGrants(all, NOW).desired;
  const { plan } = planChanges({ desired, current: SERVER, apiUser: 'svc', now: NOW });
  return buildAccessReview({
    desired,
    current: SERVER,
    plan,
    files: Object.keys(CONFIG).sort(),
    now: NOW,
    manyUsers: options.manyUsers ?? 10,
    git:
      options.git === false
        ? { git: null, reason: 'the config files are not in a git repository', line: () => null }
        : {
            git: { head: COMMIT.commit!, files_not_in_git: [] },
            reason: null,
            // Only line 6 of groups.yaml (lighting's `User: all-open`) is known to git here.
            line: (file, line) => (file === 'access/groups.yaml' && line === 6 ? COMMIT : null),
          },
  });
}

describe('buildAccessReview', () => {
  it('lists every held scope part with the config nodes behind it', () => {
    const r = review();
    const grant = (user: string, role: string, project: string | null) =>
      r.grants.find((g) => g.user === user && g.role === role && g.project === project);
    const anaAllOpen = grant('ana', 'User', null)!;
    expect(anaAllOpen.scope).toBe('all-open');
    expect(anaAllOpen.sources).toEqual([
      expect.objectContaining({
        source: 'access/groups.yaml:6:13',
        line: 6,
        config_group: 'lighting',
        ftrack_group: null,
        git: COMMIT,
      }),
    ]);
    expect(grant('ana', 'User', 'secret')!.sources[0]).toMatchObject({
      config_group: 'secret-team',
      git: null,
    });
    expect(grant('ana', 'Lead', 'show_a')!.sources[0]).toMatchObject({ pattern: 'show_*' });
    expect(grant('kai', 'Supervisor', null)).toMatchObject({ declared: false, sources: [] });
    // Sorted by user, role, all-open first.
    const keys = r.grants.map((g) => `${g.user}/${g.role}/${g.project ?? ''}`);
    expect(keys.slice(0, 3)).toEqual(['ana/Lead/show_a', 'ana/User/', 'ana/User/secret']);
    expect(r.users.map((u) => u.user)).toEqual(['ana', 'bo', 'kai', 'lee', 'svc', 'zoe']);
    expect(r.users.find((u) => u.user === 'ana')).toMatchObject({
      declared: true,
      config_groups: ['lighting', 'secret-team'],
      roles: ['Lead', 'User'],
      projects: 5,
    });
    expect(r.users.find((u) => u.user === 'lee')).toMatchObject({ roles: [], projects: 0 });
  });

  it('counts and lists each kind of exception', () => {
    const r = review({ manyUsers: 1 });
    const of = (kind: string) =>
      r.exceptions.filter((e) => e.kind === kind).map((e) => e.user ?? e.project);
    expect(of('undeclared-holder')).toEqual(['kai', 'svc', 'zoe']);
    expect(of('inactive-with-roles')).toEqual(['zoe']);
    expect(of('protected-role-holder')).toEqual(['svc']);
    expect(of('protected-all-open')).toEqual(['svc']);
    expect(of('expiring-grant')).toEqual(['bo']);
    expect(r.exceptions.find((e) => e.kind === 'expiring-grant')?.detail).toContain('2026-01-10');
    // secret: ana (granted) and zoe (granted); all-open grants never reach a private project.
    expect(of('private-many-users')).toEqual(['secret']);
    expect(r.projects.find((p) => p.name === 'secret')?.users).toBe(2);
    expect(of('drift')).toContain('zoe');
    for (const [kind, n] of Object.entries(r.summary.exceptions)) {
      if (kind !== 'total') expect(n, kind).toBe(of(kind).length);
    }
    expect(r.summary.exceptions.total).toBe(r.exceptions.length);
    expect(review({ manyUsers: 2 }).summary.exceptions['private-many-users']).toBe(0);
  });

  it('summarises per role, project and config group, the counts matching the rows', () => {
    const r = review();
    let rows = 0;
    const perProject = new Map<string, Set<string>>();
    forEachAccessRow(r.grants, r.projects, (row) => {
      rows++;
      perProject.set(row.project, (perProject.get(row.project) ?? new Set()).add(row.user));
    });
    expect(r.summary.access_rows).toBe(rows);
    for (const p of r.projects) expect(perProject.get(p.name)?.size ?? 0, p.name).toBe(p.users);
    expect(r.summary.per_role['User']).toEqual({ holders: 3, grants: 4, access_rows: 10 });
    expect(r.summary.per_config_group).toEqual({
      lighting: { members: 2, grants: 2 },
      'secret-team': { members: 1, grants: 1 },
    });
    expect(r.summary).toMatchObject({ users: 6, active_users: 5, holders: 5, private_projects: 1 });
    expect(r.config_digest).toMatch(/^sha256:/);
    expect(r.git_unavailable).toBeNull();
  });

  it('says why git is missing', () => {
    const r = review({ git: false });
    expect(r.git).toBeNull();
    expect(r.git_unavailable).toBe('the config files are not in a git repository');
  });
});

describe('the CSV view', () => {
  it('quotes by RFC 4180 and neutralises formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)']) expect(csvField(cell)).toBe(`'${cell}`);
    expect(csvField('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
  });

  it('has one row per user × role × project, all-open expanded to open projects', () => {
    const r = review();
    const lines = renderAccessReviewCsv(r).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.length - 2).toBe(r.summary.access_rows);
    expect(lines).toContain(
      'ana,yes,User,alpha,no,yes,no,yes,access/groups.yaml:6:13,lighting,,aaaaaaaaaaaa,Ana Auditor,2025-12-01T10:00:00.000Z',
    );
    expect(lines.filter((l) => l.startsWith('ana,yes,User,secret,'))).toEqual([
      'ana,yes,User,secret,yes,no,yes,yes,access/groups.yaml:10:14,secret-team,,,,',
    ]);
  });

  it('comes in chunks of whole rows that join to the same text (a large CSV is written chunk by chunk)', () => {
    const r = review();
    const whole = renderAccessReviewCsv(r);
    for (const chunkChars of [1, 100, 1 << 20]) {
      const chunks: string[] = [];
      writeAccessReviewCsv(r, (chunk) => chunks.push(chunk), chunkChars);
      expect(chunks.join('')).toBe(whole);
      for (const chunk of chunks) expect(chunk.endsWith('\r\n')).toBe(true);
      if (chunkChars === 1) expect(chunks.length).toBe(r.summary.access_rows); // header + row 1 together
      if (chunkChars === 1 << 20) expect(chunks.length).toBe(1);
    }
  });
});

describe('parseBlamePorcelain', () => {
  it('maps each final line to its commit, uncommitted lines without one', () => {
    const sha = 'b'.repeat(40);
    const text = [
      `${sha} 1 1 2`,
      'author Bo Builder',
      'author-mail <bo@example.com>',
      'author-time 1767225600',
      'author-tz +0000',
      'summary first, commit',
      'filename access/a.yaml',
      '\tversion: 1',
      `${sha} 2 2`,
      '\tusers:',
      `${'0'.repeat(40)} 3 3 1`,
      'author Not Committed Yet',
      'author-time 1767225601',
      'summary Version of access/a.yaml from access/a.yaml',
      'filename access/a.yaml',
      '\t  ana:',
      '',
    ].join('\n');
    const lines = parseBlamePorcelain(text);
    expect(lines.get(2)).toEqual({
      committed: true,
      commit: sha,
      author: 'Bo Builder',
      date: '2026-01-01T00:00:00.000Z',
      summary: 'first, commit',
    });
    expect(lines.get(3)).toEqual({
      committed: false,
      commit: null,
      author: null,
      date: null,
      summary: null,
    });
    expect(lines.has(4)).toBe(false);
  });
});
