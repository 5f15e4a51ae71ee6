import { createHash } from 'node:crypto';
import {
  EXCEPTION_KINDS,
  type AccessReview,
  type ExceptionKind,
} from '../report/access-review-types.js';
import { accessReviewDigest } from './access-review-digest.js';
import { SCRIPT_HEADER } from './access-review-html-script-header.js';
import { SCRIPT_KIT } from './access-review-html-script-kit.js';
import { SCRIPT_MATRIX } from './access-review-html-script-matrix.js';
import { SCRIPT_SECTIONS } from './access-review-html-script-sections.js';
import { ACCESS_REVIEW_STYLE } from './access-review-html-style.js';

/**
 * The access review as one self-contained HTML page (`report --format html`): no network,
 * no external asset, a strict Content-Security-Policy that allows only the page's own
 * inline style and script by their sha256. The model is embedded as JSON in a data block
 * (`<` escaped, so no name can close it); the page's script builds every table from it with
 * plain DOM and text only. Documented in docs/report.md ("HTML").
 */

/** The rows per page of the page's tables, and the most rows a table prints. */
export const HTML_PAGE_SIZES = {
  grants: 100,
  exceptions: 100,
  users: 100,
  projects: 100,
  summary: 100,
  changes: 100,
  matrix_users: 50,
  matrix_projects: 25,
  print_limit: 5000,
} as const;

/** One line per kind of exception, for an auditor (docs/report.md has the long form). */
const EXCEPTION_WORDS: Record<ExceptionKind, string> = {
  drift:
    'The server differs from the access files: access no file asks for, or access a file asks for that the server lacks.',
  'undeclared-holder': 'A user holds roles on the server, and no access file declares the user.',
  'inactive-with-roles': 'A user deactivated on the server still holds roles.',
  'protected-role-holder':
    'A user holds a protected role (settings.protected): check each holder is expected.',
  'expiring-grant': 'A grant of the access files ends (until:) within the expiry warning days.',
  'protected-all-open':
    'A protected role held on all open projects: it reaches every open project, new ones included.',
  'private-many-users': 'A private project reached by more users than the many-users threshold.',
};

/** The sections, in order: id, heading, and what the section shows. */
const SECTIONS: readonly (readonly [string, string, string])[] = [
  ['overview', 'Review', 'What was read, when and as whom, and the digests that identify it.'],
  [
    'last-review',
    'Last review',
    'The last sign-off recorded in the audit log for this server, and what changed on the server since.',
  ],
  [
    'summary',
    'Summary',
    'The counts of this review, then per role, per project and per config group.',
  ],
  [
    'exceptions',
    'Exceptions',
    'What to look at first: each kind counted, then every exception, with the config lines concerned.',
  ],
  [
    'access',
    'Access',
    'Every role held on the server, one row per grant (all open projects, or one named project), ' +
      'and why: the config lines asking for it, their config and ftrack groups, and the commit ' +
      'that last changed each line. A grant no line asks for is undeclared.',
  ],
  [
    'matrix',
    'Users \u00d7 projects',
    'Who reaches which project with which role: a row per user holding a role, ' +
      'a column per project (open and private).',
  ],
  ['users', 'Users', 'Every user of the server.'],
  ['projects', 'Projects', 'Every project of the server, open and private.'],
];

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** JSON that can sit in a `<script type="application/json">`: no `<`, `>` or `&` as such. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const sha256 = (text: string) =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The page's one script: the model and facts read from the data blocks, then the parts. */
const SCRIPT = `(() => {
'use strict';
const data = JSON.parse(document.getElementById('review-data').textContent);
const meta = JSON.parse(document.getElementById('review-meta').textContent);
const PAGES = meta.pages;
${SCRIPT_KIT}${SCRIPT_MATRIX}${SCRIPT_HEADER}${SCRIPT_SECTIONS}})();
`;
const STYLE = ACCESS_REVIEW_STYLE;

/** The policy: nothing but this page's own style and script, each by its hash. */
const CSP = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function renderAccessReviewHtml(review: AccessReview): string {
  if (/<\/(script|style)/i.test(SCRIPT + STYLE)) throw new Error('internal: an inline part closes');
  const meta = {
    report_digest: accessReviewDigest(review),
    pages: HTML_PAGE_SIZES,
    exception_kinds: EXCEPTION_KINDS.map((kind) => [kind, EXCEPTION_WORDS[kind]]),
  };
  const server = escapeHtml(review.server);
  const sizes = HTML_PAGE_SIZES;
  const sections = SECTIONS.map(
    ([id, title, lead]) =>
      `<section id="${id}" aria-labelledby="${id}-title">\n<h2 id="${id}-title">${title}</h2>\n` +
      `<p class="lead">${lead}</p>\n<div class="fill"></div>\n</section>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ftrack-roles report --format html">
<title>Access review of ${server} on ${escapeHtml(review.generated_at.slice(0, 10))}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Access review of <span class="mono">${server}</span></h1>
<p class="lead">Made ${escapeHtml(review.generated_at)} by <code>ftrack-roles report</code>.
Read-only: the review describes the server as it was then.</p>
<noscript><p><strong>This page builds its tables with JavaScript, which is off.</strong>
The review is embedded in the page as JSON (the element <code>review-data</code>);
<code>ftrack-roles report --format json</code> or <code>--format csv</code> give the same review.</p></noscript>
<div class="toolbar" role="search">
<label for="show-user">Show user:</label>
<input id="show-user" type="search" list="user-names" autocomplete="off" placeholder="a username">
<datalist id="user-names"></datalist>
<button id="show-user-clear" type="button">Show all users</button>
<span id="show-user-status" class="status" aria-live="polite"></span>
</div>
<p id="print-scope" class="print-only"></p>
<nav aria-label="Sections"><ul>
${SECTIONS.map(([id, title]) => `<li><a href="#${id}">${title}</a></li>`).join('\n')}
</ul></nav>
<p class="note">Tables show ${sizes.grants} rows a page, the matrix ${sizes.matrix_users} users
\u00d7 ${sizes.matrix_projects} projects a page. Printing (or saving as PDF) prints every row of
each table, up to ${sizes.print_limit.toLocaleString('en-US')} rows a table, and the matrix page shown.</p>
</header>
<main>
${sections.join('\n')}
</main>
<script type="application/json" id="review-data">${scriptJson(review)}</script>
<script type="application/json" id="review-meta">${scriptJson(meta)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
