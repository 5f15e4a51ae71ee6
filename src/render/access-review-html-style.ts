/**
 * The stylesheet of the access review's HTML page (access-review-html.ts), inline and
 * allowed by its hash in the page's Content-Security-Policy. System fonts only, no colour
 * as the only carrier of meaning (markers and words say it too), and a print stylesheet:
 * no controls, tables not cut mid-row, headers repeated on every printed page.
 */
export const ACCESS_REVIEW_STYLE = String.raw`
:root { color-scheme: light; --line: #c8c8c8; --soft: #f3f3f3; --ink: #1a1a1a; --muted: #555; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.sr-only {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap;
}
body {
  margin: 0 auto; max-width: 1400px; padding: 0 1.25rem 3rem; color: var(--ink);
  font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
}
h1 { font-size: 1.6rem; margin: 1.2rem 0 0.2rem; overflow-wrap: anywhere; }
h2 {
  font-size: 1.3rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.2rem;
  border-bottom: 2px solid var(--ink);
}
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
p { margin: 0.4rem 0; }
.lead,
.note,
.status { color: var(--muted); }
.status { font-size: 0.9rem; margin: 0.3rem 0; }
code,
.mono {
  font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'Liberation Mono', monospace;
  font-size: 0.88em; overflow-wrap: anywhere;
}
nav ul {
  list-style: none; padding: 0; margin: 0.6rem 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1rem;
}
nav a { color: #0645ad; }
.toolbar {
  position: sticky; top: 0; z-index: 3; background: #fff; border-bottom: 1px solid var(--line);
  padding: 0.5rem 0; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center;
}
.controls {
  display: flex; flex-wrap: wrap; gap: 0.4rem 0.8rem; align-items: center; margin: 0.5rem 0;
}
.controls label { font-weight: 600; }
input,
select,
button { font: inherit; font-size: 0.92rem; }
input[type='search'] { min-width: 14rem; padding: 0.15rem 0.35rem; }
button { padding: 0.1rem 0.55rem; cursor: pointer; }
button[disabled] { cursor: default; }
dl.facts {
  display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0;
}
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.figures {
  display: flex; flex-wrap: wrap; gap: 0.6rem; margin: 0.6rem 0 1rem; padding: 0; list-style: none;
}
.figures li {
  border: 1px solid var(--line); border-radius: 4px; padding: 0.4rem 0.8rem; min-width: 9rem;
}
.figures .figure {
  display: block; font-size: 1.5rem; font-weight: 700; font-variant-numeric: tabular-nums;
}
.figures .label { display: block; font-size: 0.85rem; color: var(--muted); }
.table-box { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.3rem 0 0.6rem; font-size: 0.86rem; }
caption { text-align: left; font-weight: 600; padding: 0.2rem 0; caption-side: top; }
th,
td {
  border: 1px solid var(--line); padding: 0.2rem 0.45rem; text-align: left; vertical-align: top;
}
thead th { background: var(--soft); }
th[scope='row'] { font-weight: 600; }
td.num,
th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.multi { white-space: pre-line; }
th button.sort {
  all: unset; cursor: pointer; font-weight: 700; display: inline-block; width: 100%;
}
th button.sort:focus-visible { outline: 2px solid #0645ad; }
th[aria-sort='ascending'] button.sort::after { content: ' \25B2'; }
th[aria-sort='descending'] button.sort::after { content: ' \25BC'; }
.pager { display: inline-flex; gap: 0.3rem; align-items: center; }
.undeclared { font-weight: 700; text-decoration: underline dotted; }
.matrix-box { overflow: auto; max-height: 75vh; border: 1px solid var(--line); }
table.matrix { margin: 0; font-size: 0.8rem; }
table.matrix thead th { position: sticky; top: 0; z-index: 2; white-space: nowrap; }
table.matrix tbody th {
  position: sticky; left: 0; z-index: 1; background: #fff; white-space: nowrap;
}
table.matrix thead th:first-child { left: 0; z-index: 4; }
table.matrix td { min-width: 4.5rem; }
table.matrix .entry { display: block; white-space: nowrap; }
table.matrix .entry.undeclared { background: #fde8e8; }
.legend { font-size: 0.88rem; }
.legend code { font-weight: 700; }
.print-only { display: none; }
@media print {
  @page {
    margin: 12mm;
  }
  body { max-width: none; padding: 0; font-size: 9pt; }
  .toolbar,
  nav,
  .controls,
  .pager,
  button,
  input,
  select,
  noscript { display: none !important; }
  .print-only { display: block; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3,
  caption { break-after: avoid; page-break-after: avoid; }
  section { break-inside: auto; }
  table { font-size: 7.5pt; width: 100%; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .table-box,
  .matrix-box { overflow: visible; max-height: none; border: 0; }
  table.matrix thead th,
  table.matrix tbody th { position: static; }
  a { color: inherit; text-decoration: none; }
}
`;
