import { createHash } from 'node:crypto';
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
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from '../../bench/lib/chromium.js';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { HTML_PAGE_SIZES, renderAccessReviewHtml } from '../../src/render/access-review-html.js';
import type { AccessReview, ReviewGrant } from '../../src/report/access-review-types.js';
import { fakeIo } from './fake-io.js';

/**
 * The HTML access review in a real browser: Debian's Chromium, headless, driven by
 * playwright-core (no browser download). The page is opened from a file and may load
 * nothing else; its figures, filters, sorting, paging and print are checked in the DOM.
 */

const root = join(import.meta.dirname, '../..');
const KEY = 'local-demo-key';
const PAGES = HTML_PAGE_SIZES;

let context: BrowserContext;
let profile: string;
let emu: Emulator;
let work: string;

const MISSING =
  `${CHROMIUM} is missing: the browser tests need Debian's Chromium ` +
  '(apt-get install chromium; .ci/run installs it on a fresh machine).';

// Without the browser this fails (it does not skip): CI installs it.
it('finds Debian’s Chromium', () => {
  expect(existsSync(CHROMIUM), MISSING).toBe(true);
});

/** The browser, with a fresh profile, and the emulator seeded with the example studio. */
async function setUp() {
  if (!existsSync(CHROMIUM)) throw new Error(MISSING);
  profile = mkdtempSync(join(tmpdir(), 'ftrack-roles-chromium-'));
  work = mkdtempSync(join(tmpdir(), 'ftrack-roles-review-html-'));
  [context, emu] = await Promise.all([
    launchChromium(profile),
    startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') }),
  ]);
}

async function tearDown() {
  await context?.close();
  await emu?.stop();
  if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
}

/**
 * Opens a page file; every request but the file itself is refused and recorded, and every
 * console error, page error or dialog (an alert) is kept in `errors`.
 */
async function open(file: string) {
  const url = pathToFileURL(file).href;
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => void errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => void requests.push(r.url()));
  await page.route('**/*', (route) =>
    route.request().url() === url ? route.continue() : route.abort('blockedbyclient'),
  );
  await page.goto(url);
  // The page's script marks the body when it has built every section.
  await page.waitForSelector('body[data-ready]', { timeout: 5_000 }).catch((error: Error) => {
    throw new Error(`the page did not finish: ${[...errors, error.message].join('; ')}`);
  });
  return { page, url, errors, requests };
}

const rows = (page: Page, table: string) => page.locator(`#${table} > tbody > tr[data-user]`);
/** What the page's elements are here: the DOM's types are not in this project's lib. */
interface DomElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
const users = (page: Page, table: string) =>
  rows(page, table).evaluateAll((trs: DomElement[]) =>
    trs.map((tr) => tr.getAttribute('data-user')),
  );
const statusOf = (page: Page, id: string) => page.locator(`[data-status="${id}"]`).textContent();

describe('report --format html in Chromium', () => {
  let review: AccessReview;
  let json: string;
  let file: string;

  afterAll(tearDown);
  beforeAll(async () => {
    await setUp();
    const dir = join(work, 'studio');
    cpSync(join(root, 'examples/studio/access'), join(dir, 'access'), { recursive: true });
    const report = async (argv: string[]) => {
      const run = fakeIo(dir, {
        FTRACK_SERVER: emu.url,
        FTRACK_API_USER: 'svc-access',
        FTRACK_API_KEY: KEY,
      });
      const code = await runCli(['report', 'access', ...argv], run.io);
      expect(code, run.stderr()).toBe(0);
      return run.stdout();
    };
    json = await report(['--format', 'json']);
    review = JSON.parse(json) as AccessReview;
    expect(await report(['--format', 'html', '--out', 'review.html'])).toBe('');
    file = join(dir, 'review.html');
  });

  it('loads nothing but itself, without errors, and shows the JSON’s figures', async () => {
    const { page, url, errors, requests } = await open(file);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain(KEY);
    // The digest shown is the sha256 of `--format json`, byte for byte.
    const digest = `sha256:${createHash('sha256').update(json).digest('hex')}`;
    await expect(page.locator('#overview dd code', { hasText: digest }).count()).resolves.toBe(1);
    const counts = await page
      .locator('[data-count]')
      .evaluateAll((els: DomElement[]) =>
        els.map((e) => [e.getAttribute('data-count'), e.textContent]),
      );
    expect(counts.length).toBe(9 + 7);
    for (const [key, text] of counts) {
      const value = key!
        .split('.')
        .reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], review.summary);
      expect(Number(text!.replaceAll(',', '')), key!).toBe(value);
    }
    expect(await rows(page, 'grants-table').count()).toBe(
      Math.min(PAGES.grants, review.grants.length),
    );
    expect(await page.locator('#last-review [data-last-review="none"]').count()).toBe(
      review.last_review === null ? 1 : 0,
    );
    mkdirSync(join(root, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-artifacts/access-review.png'), fullPage: true });
    await page.close();
  });

  it('"Show user" keeps that user’s rows only in grants, exceptions, users and matrix', async () => {
    const { page, errors } = await open(file);
    const user = 'zoe';
    const mine = (list: { user: string | null }[]) => list.filter((x) => x.user === user).length;
    expect(mine(review.grants)).toBeGreaterThan(0);
    expect(mine(review.exceptions)).toBeGreaterThan(1);
    await page.fill('#show-user', user);
    for (const table of ['grants-table', 'exceptions-table', 'users-table', 'matrix-table']) {
      expect(await users(page, table), table).toEqual(
        Array(
          table === 'grants-table'
            ? mine(review.grants)
            : table === 'exceptions-table'
              ? mine(review.exceptions)
              : 1,
        ).fill(user),
      );
    }
    await expect(page.locator('#show-user-status').textContent()).resolves.toContain(
      `Showing only ${user}`,
    );
    // Clearing it brings every row back.
    await page.click('#show-user-clear');
    const holders = new Set(review.grants.map((g) => g.user)).size;
    expect(await rows(page, 'grants-table').count()).toBe(
      Math.min(PAGES.grants, review.grants.length),
    );
    expect(await rows(page, 'exceptions-table').count()).toBe(
      review.exceptions.filter((e) => e.user !== null).length,
    );
    expect(await page.locator('#exceptions-table > tbody > tr').count()).toBe(
      review.exceptions.length,
    );
    expect(await rows(page, 'matrix-table').count()).toBe(Math.min(PAGES.matrix_users, holders));
    expect(await rows(page, 'users-table').count()).toBe(review.users.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sorts the grants by the column clicked, both ways; filters exceptions by kind', async () => {
    const { page } = await open(file);
    const header = page.locator('#grants-table th[data-key="role"]');
    const roles = () =>
      page.locator('#grants-table > tbody > tr > td:nth-child(2)').allTextContents();
    const collator = new Intl.Collator('en', { numeric: true });
    const all = review.grants.map((g) => g.role).sort(collator.compare);
    expect(all[0]).not.toBe(all.at(-1));
    await header.locator('button').click();
    await expect(header.getAttribute('aria-sort')).resolves.toBe('ascending');
    const up = await roles();
    expect(up[0]).toBe(all[0]);
    expect(up).toEqual([...up].sort(collator.compare));
    await header.locator('button').click();
    await expect(header.getAttribute('aria-sort')).resolves.toBe('descending');
    expect((await roles())[0]).toBe(all.at(-1));
    // The exceptions, one kind at a time.
    const kinds = () => page.locator('#exceptions-table > tbody > tr > th').allTextContents();
    await page.selectOption('#exception-kind', 'drift');
    expect(await kinds()).toEqual(
      review.exceptions.filter((e) => e.kind === 'drift').map((e) => e.kind),
    );
    expect(review.summary.exceptions.drift).toBeGreaterThan(0);
    await page.selectOption('#exception-kind', '');
    expect((await kinds()).length).toBe(review.exceptions.length);
    await page.close();
  });

  it('shows names that are markup as text: no element, no script, no dialog', async () => {
    const hostile = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';
    const path = join(work, 'hostile.html');
    writeFileSync(path, renderAccessReviewHtml(syntheticReview(3, 2, hostile)));
    const { page, errors, requests, url } = await open(path);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(3);
    expect(await users(page, 'grants-table')).toContain(`${hostile}u0001`);
    await expect(
      page.locator('#matrix-table th[data-project]').first().textContent(),
    ).resolves.toContain(hostile);
    await page.fill('#show-user', `${hostile}u0001`);
    expect(new Set(await users(page, 'grants-table'))).toEqual(new Set([`${hostile}u0001`]));
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });

  it('a review of 1,000 users × 100 projects stays paged, prints and makes a PDF', async () => {
    const large = syntheticReview(1000, 100);
    const path = join(work, 'large.html');
    writeFileSync(path, renderAccessReviewHtml(large));
    const { page, errors, requests, url } = await open(path);
    expect(large.grants.length).toBeGreaterThan(PAGES.grants * 10);
    expect(await rows(page, 'grants-table').count()).toBe(PAGES.grants);
    expect(await rows(page, 'users-table').count()).toBe(PAGES.users);
    expect(await rows(page, 'matrix-table').count()).toBe(PAGES.matrix_users);
    const columns = page.locator('#matrix-table > thead th[data-project]');
    expect(await columns.count()).toBe(PAGES.matrix_projects);
    await expect(statusOf(page, 'grants-table')).resolves.toBe(
      `Rows 1–100 of ${large.grants.length.toLocaleString('en-US')}.`,
    );
    // The next page of grants, and of the matrix's projects.
    await page.click('[data-table="grants-table"] button[data-page="›"]');
    await expect(statusOf(page, 'grants-table')).resolves.toMatch(/^Rows 101–200 of /);
    await page.click('#matrix button[aria-label="Matrix projects: next page"]');
    await expect(columns.first().getAttribute('data-project')).resolves.toBe(
      large.projects[PAGES.matrix_projects]!.name,
    );
    // Print: every grant up to the limit, then the page back as it was.
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
    expect(await rows(page, 'grants-table').count()).toBe(
      Math.min(PAGES.print_limit, large.grants.length),
    );
    await page.evaluate("window.dispatchEvent(new Event('afterprint'))");
    expect(await rows(page, 'grants-table').count()).toBe(PAGES.grants);
    // A PDF (page.pdf() prints like the browser: beforeprint, print styles, afterprint) of
    // one user's rows; every row of the whole review makes some 70 pages and takes seconds.
    await page.fill('#show-user', large.users[1]!.user);
    expect(await rows(page, 'grants-table').count()).toBe(
      large.grants.filter((g) => g.user === large.users[1]!.user).length,
    );
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.click('#show-user-clear');
    expect(await rows(page, 'grants-table').count()).toBe(PAGES.grants);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });
});

/**
 * A review of `userCount` users and `projectCount` projects (every fifth private), made up;
 * `prefix` starts every user and project name.
 */
function syntheticReview(userCount: number, projectCount: number, prefix = ''): AccessReview {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const projects = Array.from({ length: projectCount }, (_, i) => ({
    name: `${prefix}p${pad(i, 3)}`,
    full_name: `Project ${i}`,
    private: i % 5 === 0,
    status: 'active',
    users: 0,
  }));
  const grants: ReviewGrant[] = [];
  const users = Array.from({ length: userCount }, (_, i) => {
    const user = `${prefix}u${pad(i, 4)}`;
    const named = [
      ...new Set([i % projectCount, (i * 7) % projectCount, (i * 13) % projectCount]),
    ].sort((a, b) => a - b);
    const make = (role: string, project: number | null, declared = true): ReviewGrant => ({
      user,
      role,
      scope: project === null ? 'all-open' : 'project',
      project: project === null ? null : projects[project]!.name,
      declared,
      sources: declared
        ? [
            {
              source: `access/users.yaml:${i + 1}:3`,
              file: 'access/users.yaml',
              line: i + 1,
              config_group: null,
              ftrack_group: null,
              pattern: null,
              git: null,
            },
          ]
        : [],
    });
    const mine = [
      ...named.map((p) => make('Artist', p)),
      ...(i % 10 === 0 ? [make('Lead', i % projectCount, false)] : []),
    ];
    if (i % 3 !== 0) mine.push(make('User', null));
    // Sorted by role (stable: each role's projects are in order already).
    grants.push(...mine.sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0)));
    return {
      user,
      active: true,
      type: 'user',
      declared: true,
      config_groups: [],
      roles: [...new Set(mine.map((g) => g.role))].sort(),
      projects: 0,
    };
  });
  const review: AccessReview = {
    format_version: 1,
    kind: 'access-review',
    generated_at: '2026-01-01T00:00:00.000Z',
    server: 'http://127.0.0.1:1',
    api_user: 'svc',
    config_digest: `sha256:${'c'.repeat(64)}`,
    state_digest: `sha256:${'d'.repeat(64)}`,
    files: ['access/users.yaml'],
    git: null,
    git_unavailable: 'not a git repository',
    settings: { protected_roles: [], expiry_warning_days: 14, many_users: 10 },
    summary: {
      users: userCount,
      active_users: userCount,
      holders: userCount,
      projects: projectCount,
      private_projects: projects.filter((p) => p.private).length,
      grants: grants.length,
      undeclared_grants: grants.filter((g) => !g.declared).length,
      access_rows: 0,
      per_role: {},
      per_project: Object.fromEntries(projects.map((p) => [p.name, { users: 0, access_rows: 0 }])),
      per_config_group: {},
      exceptions: {
        drift: 0,
        'undeclared-holder': 0,
        'inactive-with-roles': 0,
        'protected-role-holder': 0,
        'expiring-grant': 0,
        'protected-all-open': 0,
        'private-many-users': 0,
        total: 0,
      },
    },
    users,
    projects,
    grants,
    exceptions: [],
    last_review: null,
  };
  return review;
}
