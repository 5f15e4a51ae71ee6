import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessReviewDigest } from '../../../src/render/access-review-digest.js';
import { HTML_PAGE_SIZES, renderAccessReviewHtml } from '../../../src/render/access-review-html.js';
import { FORMATS } from '../../../src/render/formats.js';
import { render } from '../../../src/render/index.js';
import type { AccessReview, ReviewGrant } from '../../../src/report/access-review-types.js';

const IMG = '<img src=x onerror=alert(1)>';
const CLOSE = '</script><script>alert(2)</script>';

const grant = (over: Partial<ReviewGrant>): ReviewGrant => ({
  user: 'ana',
  role: 'User',
  scope: 'all-open',
  project: null,
  declared: true,
  sources: [
    {
      source: 'access/users.yaml:4:13',
      file: 'access/users.yaml',
      line: 4,
      config_group: null,
      ftrack_group: null,
      pattern: null,
      git: null,
    },
  ],
  ...over,
});

/** A small review whose names try to break out of every context of the page. */
function hostileReview(server = 'https://ftrack.example.com'): AccessReview {
  const exceptions = {
    drift: 1,
    'undeclared-holder': 1,
    'inactive-with-roles': 0,
    'protected-role-holder': 0,
    'expiring-grant': 0,
    'protected-all-open': 0,
    'private-many-users': 0,
  };
  return {
    format_version: 1,
    kind: 'access-review',
    generated_at: '2026-01-01T00:00:00.000Z',
    server,
    api_user: 'svc',
    config_digest: `sha256:${'c'.repeat(64)}`,
    state_digest: `sha256:${'d'.repeat(64)}`,
    files: ['access/users.yaml'],
    git: null,
    git_unavailable: 'git is not installed',
    settings: { protected_roles: ['Administrator'], expiry_warning_days: 14, many_users: 10 },
    summary: {
      users: 2,
      active_users: 2,
      holders: 2,
      projects: 2,
      private_projects: 1,
      grants: 3,
      undeclared_grants: 1,
      access_rows: 3,
      per_role: {
        User: { holders: 1, grants: 1, access_rows: 1 },
        [`Lead${IMG}`]: { holders: 1, grants: 2, access_rows: 2 },
      },
      per_project: { [CLOSE]: { users: 1, access_rows: 1 }, open: { users: 2, access_rows: 2 } },
      per_config_group: {},
      exceptions: { ...exceptions, total: 2 },
    },
    users: [
      {
        user: 'ana',
        active: true,
        type: 'user',
        declared: true,
        config_groups: [],
        roles: ['User'],
        projects: 1,
      },
      {
        user: IMG,
        active: true,
        type: null,
        declared: false,
        config_groups: [],
        roles: [`Lead${IMG}`],
        projects: 2,
      },
    ],
    projects: [
      { name: CLOSE, full_name: '<!-- comment', private: true, status: 'active', users: 1 },
      { name: 'open', full_name: 'Open \u2028 line', private: false, status: 'active', users: 2 },
    ],
    grants: [
      grant({}),
      grant({
        user: IMG,
        role: `Lead${IMG}`,
        scope: 'project',
        project: CLOSE,
        declared: false,
        sources: [],
      }),
      grant({
        user: IMG,
        role: `Lead${IMG}`,
        scope: 'project',
        project: 'open',
        declared: false,
        sources: [],
      }),
    ],
    exceptions: [
      {
        kind: 'drift',
        user: IMG,
        role: `Lead${IMG}`,
        project: CLOSE,
        detail: `changed-on-server: ${CLOSE}`,
        sources: [],
      },
      {
        kind: 'undeclared-holder',
        user: IMG,
        role: null,
        project: null,
        detail: '"quoted" & <b>',
        sources: [],
      },
    ],
    last_review: {
      time: '2025-12-01T09:00:00.000Z',
      reviewer: `Ana ${IMG}`,
      report_digest: `sha256:${'e'.repeat(64)}`,
      generated_at: '2025-12-01T08:59:00.000Z',
      counts: { users: 1, holders: 1, projects: 2, grants: 1, access_rows: 1, exceptions: 0 },
      changes: {
        users_added: [IMG],
        users_removed: [],
        grants_added: [{ user: IMG, role: `Lead${IMG}`, scope: 'project', project: CLOSE }],
        grants_removed: [],
      },
      changes_unavailable: null,
    },
  };
}

/** The text of every element `<tag ...attrs>…</tag>` of the page, in order. */
function elements(html: string, open: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`${open}([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
}
const dataBlock = (html: string, id: string) =>
  elements(html, `<script type="application/json" id="${id}">`, 'script')[0]!;
const inlineScript = (html: string) => elements(html, '<script>', 'script')[0]!;
const inlineStyle = (html: string) => elements(html, '<style>', 'style')[0]!;
const hashOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');
/** The page less its two data blocks: the markup, the style and the script. */
const withoutData = (html: string) =>
  html.replace(/(<script type="application\/json" id="[a-z-]+">)[\s\S]*?(<\/script>)/g, '$1$2');

describe('the access review as HTML', () => {
  it('is registered as a format of report', () => {
    const review = hostileReview();
    expect(FORMATS.accessReview).toContain('html');
    expect(render('accessReview', 'html', review)).toBe(renderAccessReviewHtml(review));
  });

  it('hostile names cannot inject markup or leave the JSON data block', () => {
    const html = renderAccessReviewHtml(hostileReview(`https://x.example/</title>${IMG}`));
    // Exactly the page's own elements: three scripts (two data blocks and the code), one style.
    expect(html.match(/<script/gi)).toHaveLength(3);
    expect(html.match(/<\/script/gi)).toHaveLength(3);
    expect(html.match(/<style/gi)).toHaveLength(1);
    expect(html.match(/<title>/g)).toHaveLength(1);
    for (const id of ['review-data', 'review-meta'])
      expect(dataBlock(html, id)).not.toMatch(/[<>&\u2028]/);
    // Outside the data blocks no name appears raw; the server is escaped in the title and heading.
    const markup = withoutData(html);
    expect(markup).not.toContain('<img');
    expect(markup).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(markup).toContain(
      '<title>Access review of https://x.example/&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt; on 2026-01-01</title>',
    );
    // The page's code never writes markup: text and attributes only.
    expect(inlineScript(html)).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/,
    );
  });

  it('embeds the model as JSON that parses back to it, with the report digest', () => {
    const review = hostileReview();
    const html = renderAccessReviewHtml(review);
    expect(JSON.parse(dataBlock(html, 'review-data'))).toEqual(review);
    const meta = JSON.parse(dataBlock(html, 'review-meta'));
    expect(meta.report_digest).toBe(accessReviewDigest(review));
    expect(meta.pages).toEqual(HTML_PAGE_SIZES);
    expect(meta.exception_kinds.map(([kind]: [string]) => kind)).toEqual(
      Object.keys(review.summary.exceptions).filter((k) => k !== 'total'),
    );
  });

  it('has a strict CSP whose hashes are those of its one inline script and style', () => {
    const html = renderAccessReviewHtml(hostileReview());
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBeDefined();
    const directives = new Map(
      csp!.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual([`'sha256-${hashOf(inlineScript(html))}'`]);
    expect(directives.get('style-src')).toEqual([`'sha256-${hashOf(inlineStyle(html))}'`]);
    expect(csp).not.toContain('unsafe');
    // The CSP comes before anything it governs; the page says its language and has no attribute styles or handlers.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(withoutData(html)).not.toMatch(/\sstyle=|\son[a-z]+=/);
  });

  it('names no URL but the data: no external asset', () => {
    const review = hostileReview('https://ftrack.example.com');
    const html = renderAccessReviewHtml(review);
    expect(html).toContain('https://ftrack.example.com');
    const rest = withoutData(html).replaceAll(review.server, '');
    expect(rest).not.toMatch(/https?:|\/\/[a-z]|src=|href="(?!#)|@import|url\(/i);
  });

  it('is deterministic: the same review gives the same page', () => {
    const one = renderAccessReviewHtml(hostileReview());
    expect(renderAccessReviewHtml(structuredClone(hostileReview()))).toBe(one);
    const other = { ...hostileReview(), generated_at: '2026-01-02T00:00:00.000Z' };
    expect(renderAccessReviewHtml(other)).not.toBe(one);
  });
});
