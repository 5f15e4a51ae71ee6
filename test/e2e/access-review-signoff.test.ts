import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { findLastReviewLine } from '../../src/pipeline/access-review-log.js';
import { FORMATS } from '../../src/render/formats.js';
import { render } from '../../src/render/index.js';
import type { AccessReview, ReviewGrantKey } from '../../src/report/access-review-types.js';
import {
  auditLines,
  EXAMPLE_STUDIO,
  idOf,
  KEY,
  startStudio,
  type Studio,
} from '../reliability/helpers.js';

// Issue 28: `report --reviewer NAME` signs a review off in the audit log (a line and a
// snapshot of the users and grants), and every report shows the last review of its server
// and what changed since.

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emu) => emu.stop()));
});

const T1 = new Date('2026-02-01T09:00:00Z');
const T2 = new Date('2026-03-01T09:00:00Z');
const T3 = new Date('2026-04-01T09:00:00Z');
const LOG = '.ftrack-roles/audit.jsonl';

const sha256 = (path: string) =>
  `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
const read = (s: Studio, file: string) =>
  JSON.parse(readFileSync(join(s.dir, file), 'utf8')) as AccessReview;
const at = (now: Date) => ({ io: { now: () => now } });
const grant = (user: string, role: string, project: string | null = null): ReviewGrantKey => ({
  user,
  role,
  scope: project === null ? 'all-open' : 'project',
  project,
});

/** The review lines of a studio's audit log (apply writes its lines there too). */
const reviewLines = (s: Studio) =>
  auditLines(join(s.dir, LOG)).filter((l) => l['command'] === 'report');

/** Every file and folder name under a directory. */
const namesUnder = (dir: string) => readdirSync(dir, { recursive: true }).map(String);

describe('report --reviewer: the sign-off, and what changed since', () => {
  it('records the review; the next report shows it and exactly what changed since', async () => {
    const s = await startStudio(started, EXAMPLE_STUDIO);
    const first = await s.run(['report', 'access', '--out', 'r0.json']);
    expect(first.code, first.stderr).toBe(0);
    expect(read(s, 'r0.json').last_review).toBeNull();
    expect(existsSync(join(s.dir, '.ftrack-roles'))).toBe(false);
    expect(first.stderr).not.toContain('Last review');

    // Sign it off, writing every view at once (one read of the server).
    const outs = FORMATS.accessReview.flatMap((format) => ['--out', `signed/r1.${format}`]);
    const signed = await s.run(['report', 'access', ...outs, '--reviewer', '  Jane Doe '], at(T1));
    expect(signed.code, signed.stderr).toBe(0);
    const r1 = read(s, 'signed/r1.json');
    expect(r1.last_review).toBeNull(); // the review being signed shows the one before it
    for (const format of FORMATS.accessReview) {
      const text = readFileSync(join(s.dir, `signed/r1.${format}`), 'utf8');
      expect(text, format).toBe(render('accessReview', format, r1));
    }
    const digest = sha256(join(s.dir, 'signed/r1.json'));
    const [line, ...more] = auditLines(join(s.dir, LOG));
    expect(more).toEqual([]);
    const hex = digest.slice('sha256:'.length);
    expect(line).toEqual({
      time: T1.toISOString(),
      command: 'report',
      event: 'review',
      reviewer: 'Jane Doe',
      server: r1.server,
      api_user: 'svc-access',
      report_digest: digest,
      generated_at: T1.toISOString(),
      config_digest: r1.config_digest,
      state_digest: r1.state_digest,
      counts: {
        users: r1.summary.users,
        holders: r1.summary.holders,
        projects: r1.summary.projects,
        grants: r1.summary.grants,
        access_rows: r1.summary.access_rows,
        exceptions: r1.summary.exceptions.total,
      },
      snapshot: `reviews/${hex}.json`,
      ci: { provider: null, commit: null, run: null },
    });
    expect(signed.stderr).toContain(
      `Recorded the review by Jane Doe of ${digest} (${r1.summary.users} users, ${r1.summary.grants} grants, ${r1.summary.exceptions.total} exceptions) in ${LOG}.`,
    );
    const snapshotFile = join(s.dir, `.ftrack-roles/reviews/${hex}.json`);
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Record<string, unknown>;
    expect(snapshot).toMatchObject({ kind: 'access-review-snapshot', report_digest: digest });
    expect(snapshot['grants']).toHaveLength(r1.grants.length);
    expect(statSync(snapshotFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(s.dir, LOG)).mode & 0o777).toBe(0o600);
    for (const text of [readFileSync(join(s.dir, LOG), 'utf8'), readFileSync(snapshotFile, 'utf8')])
      expect(text).not.toContain(KEY);
    expect(namesUnder(s.dir).filter((n) => n.includes(KEY))).toEqual([]);

    // The server changes: apply the files, a user comes, another goes.
    expect((await s.run(['apply', 'access', '--yes'])).code).toBe(0);
    const olga = await idOf(s.emu, 'User', 'username is "olga"');
    await s.emu.call([
      { action: 'create', entity_type: 'User', entity_data: { username: 'newbie' } },
      { action: 'delete', entity_type: 'User', entity_key: olga },
    ]);

    // The next review (signed too) shows Jane's, and exactly what changed since.
    const next = await s.run(
      ['report', 'access', '--out', 'r2.json', '--reviewer', 'Sam Roe'],
      at(T2),
    );
    expect(next.code, next.stderr).toBe(0);
    const r2 = read(s, 'r2.json');
    expect(r2.last_review).toEqual({
      time: T1.toISOString(),
      reviewer: 'Jane Doe',
      report_digest: digest,
      generated_at: T1.toISOString(),
      counts: line!['counts'],
      changes: {
        users_added: ['newbie'],
        users_removed: ['olga'],
        grants_added: [
          grant('bo', 'User'),
          grant('chen', 'User'),
          grant('hana', 'Reviewer', 'falcon'),
          grant('jules', 'User', 'falcon'),
        ],
        // chen keeps nebula: the files give him all open projects + nebula.
        grants_removed: [
          grant('kim', 'Project Manager', 'ember'),
          grant('olga', 'User'),
          grant('pat', 'Legacy Editor'),
          grant('zoe', 'User', 'harbor'),
        ],
      },
      changes_unavailable: null,
    });
    expect(next.stderr).toContain(
      `Last review: ${T1.toISOString()} by Jane Doe; since then: +1/-1 users, +4/-4 grants.`,
    );
    expect(sha256(join(s.dir, 'r2.json'))).toBe(reviewLines(s)[1]!['report_digest']);

    // Another server's review, an apply line and lines cut short, after Sam's: skipped.
    const sam = reviewLines(s)[1]!;
    const other = { ...sam, server: 'https://other.example.com', reviewer: 'Olga Other' };
    appendFileSync(
      join(s.dir, LOG),
      `${JSON.stringify(other)}\n${JSON.stringify({ ...sam, reviewer: 'Cut' }).slice(0, 80)}\n{"command":"report"}\n`,
    );
    const third = await s.run(['report', 'access', '--out', 'r3.json'], at(T3));
    expect(third.code, third.stderr).toBe(0);
    const r3 = read(s, 'r3.json');
    expect(r3.last_review).toMatchObject({
      reviewer: 'Sam Roe',
      time: T2.toISOString(),
      changes: { users_added: [], users_removed: [], grants_added: [], grants_removed: [] },
    });

    // Without its snapshot, the review is still shown, and why its changes are not.
    rmSync(join(s.dir, '.ftrack-roles', String(sam['snapshot'])));
    const fourth = await s.run(['report', 'access', '--out', 'r4.json'], at(T3));
    expect(fourth.code, fourth.stderr).toBe(0);
    const r4 = read(s, 'r4.json');
    expect(r4.last_review).toMatchObject({ reviewer: 'Sam Roe', changes: null });
    expect(r4.last_review?.changes_unavailable).toContain(
      `.ftrack-roles/${String(sam['snapshot'])}, is missing`,
    );
    expect(fourth.stderr).toContain(`Last review: ${T2.toISOString()} by Sam Roe. The snapshot`);
    // Another audit log holds no review: none is shown.
    const elsewhere = await s.run(['report', 'access', '--audit-log', 'other/audit.jsonl']);
    expect(JSON.parse(elsewhere.stdout)).toMatchObject({ last_review: null });
  });

  it('apply still recovers an attempt cut off after sending, with a review line after it', async () => {
    const s = await startStudio(started, EXAMPLE_STUDIO);
    expect((await s.run(['apply', 'access', '--yes'])).code).toBe(0);
    const [pending] = auditLines(join(s.dir, LOG));
    expect(pending).toMatchObject({ outcome: 'pending' });
    // That attempt again, as if its process had died on another machine after sending.
    const cut = { ...pending, attempt: 'cut-off', host: 'another-host' };
    appendFileSync(join(s.dir, LOG), `${JSON.stringify(cut)}\n`);
    const signed = await s.run(['report', 'access', '--reviewer', 'Jane Doe'], at(T1));
    expect(signed.code, signed.stderr).toBe(0);

    const again = await s.run(['apply', 'access', '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('An earlier apply (attempt cut-off');
    expect(again.stderr).toContain('was applied in full');
    const lines = auditLines(join(s.dir, LOG));
    expect(lines.map((l) => l['outcome'] ?? l['command'])).toEqual([
      'pending',
      'applied',
      'pending',
      'report',
      'recovered-applied',
      'no-changes',
    ]);
    expect(lines[4]).toMatchObject({ attempt: 'cut-off' });
    const after = await s.run(['report', 'access'], at(T2));
    expect(JSON.parse(after.stdout)).toMatchObject({
      last_review: { reviewer: 'Jane Doe', changes: { grants_added: [], grants_removed: [] } },
    });
  });

  it('refuses a bad --reviewer, an unwritable audit log and a bad --out before reading', async () => {
    const s = await startStudio(started, EXAMPLE_STUDIO);
    writeFileSync(join(s.dir, 'blocker'), 'a file, not a folder\n');
    s.emu.resetCounters();
    const refused: [string[], string][] = [
      [['--reviewer', ''], "option '--reviewer <name>' argument '' is invalid"],
      [['--reviewer', '   '], "the reviewer's name; it is empty"],
      [['--reviewer', 'Jane\nDoe'], 'without control characters'],
      [['--reviewer', 'Jane\u001b[31mDoe'], 'without control characters'],
      [['--reviewer', 'Jane\u202eeoD'], 'without control characters'],
      [['--reviewer', 'x'.repeat(201)], 'at most 200 characters'],
      [
        ['--reviewer', 'Jane Doe', '--audit-log', 'blocker/audit.jsonl'],
        'Cannot write the audit log blocker/audit.jsonl (ENOTDIR',
      ],
      [['--out', 'review.txt'], '--out review.txt: the extension .txt names no format'],
      [['--out', 'review.json', '--out', 'review'], '--out review: no extension'],
      [['--format', 'csv', '--out', 'a.csv', '--out', 'a.json'], '--format csv does not match'],
      [['--out', 'a.json', '--out', './a.json'], '--out ./a.json is given twice'],
    ];
    for (const [argv, message] of refused) {
      const result = await s.run(['report', 'access', '--out', 'bad.json', ...argv]);
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.stderr, argv.join(' ')).toContain(message);
    }
    expect(s.emu.requestCount()).toBe(0);
    expect(namesUnder(s.dir).filter((n) => !n.startsWith('access'))).toEqual(['blocker']);
    const extensions = await s.run(['report', 'access', '--out', 'review.txt']);
    expect(extensions.stderr).toContain(FORMATS.accessReview.map((f) => `.${f}`).join(', '));

    // A snapshot that cannot be written once the server was read: exit 1, no line, the
    // report file stays. (The clock is first read after the checks: the folder goes then.)
    let broken = false;
    const now = () => {
      if (!broken) {
        rmSync(join(s.dir, '.ftrack-roles/reviews'), { recursive: true });
        writeFileSync(join(s.dir, '.ftrack-roles/reviews'), 'a file, not a folder\n');
        broken = true;
      }
      return T1;
    };
    const unsigned = await s.run(['report', 'access', '--out', 'kept.json', '--reviewer', 'Jane'], {
      io: { now },
    });
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain('Error: Could not record the review: the snapshot');
    expect(unsigned.stderr).toContain('The report files written stay');
    expect(read(s, 'kept.json').kind).toBe('access-review');
    expect(readFileSync(join(s.dir, LOG), 'utf8')).toBe('');

    // One --out with --format keeps its name; an audit log that cannot be read is an error.
    expect((await s.run(['report', 'access', '--format', 'csv', '--out', 'r.txt'])).code).toBe(0);
    expect(readFileSync(join(s.dir, 'r.txt'), 'utf8')).toMatch(/^user,user_active,role/);
    const unreadable = await s.run(['report', 'access', '--audit-log', 'access']);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain('Cannot read the audit log access (EISDIR)');
  });
});

describe('the last review line of a large audit log', () => {
  it('is found from the end across blocks, lines with multi-byte characters included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-review-log-'));
    const file = join(dir, 'audit.jsonl');
    const review = (reviewer: string, server: string) =>
      JSON.stringify({
        time: '2026-01-01T00:00:00.000Z',
        command: 'report',
        event: 'review',
        reviewer,
        server,
        api_user: 'svc',
        report_digest: `sha256:${'a'.repeat(64)}`,
        generated_at: '2026-01-01T00:00:00.000Z',
        config_digest: 'sha256:c',
        state_digest: 'sha256:s',
        counts: { users: 1, holders: 1, projects: 1, grants: 1, access_rows: 1, exceptions: 0 },
        snapshot: 'reviews/a.json',
        ci: { provider: null, commit: null, run: null },
      });
    // An apply line of some 3 KiB whose length does not divide the 1 MiB block.
    const apply = JSON.stringify({
      command: 'apply',
      outcome: 'applied',
      message: 'é€'.repeat(601),
    });
    const lines = [
      review('First', 'https://a.example.com'),
      review('Zoë Müller', 'https://a.example.com'),
      ...Array.from({ length: 1200 }, () => apply),
      review('Other', 'https://b.example.com'),
      ...Array.from({ length: 30 }, () => apply),
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(readFileSync(file).length).toBeGreaterThan(3 * 1024 * 1024);
    const onA = await findLastReviewLine(file, (e) => e.server === 'https://a.example.com');
    expect(onA?.reviewer).toBe('Zoë Müller');
    const onB = await findLastReviewLine(file, (e) => e.server === 'https://b.example.com');
    expect(onB?.reviewer).toBe('Other');
    // Without a final line feed, and with the first line alone: still found.
    writeFileSync(file, review('Only', 'https://a.example.com'));
    expect((await findLastReviewLine(file, () => true))?.reviewer).toBe('Only');
    expect(await findLastReviewLine(join(dir, 'missing.jsonl'), () => true)).toBeUndefined();
  });
});
