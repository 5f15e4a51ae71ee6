import type { SizeResult } from './measure-size.js';
import type { ReportResult } from './measure-report.js';
import { CHROMIUM } from './chromium.js';
import type { HtmlBrowserResult } from './measure-html-browser.js';
import { median } from './median.js';
import { fmt, missing, ratioTarget, type TargetResult } from './target-helpers.js';

/** The access review's limit against plan (issue 28). */
const REPORT_LIMIT = 2;

/**
 * The HTML review in Chromium at M (issue 28: "the HTML stays responsive"): its tables on
 * screen within 3 s of the navigation's start (a local file, nothing fetched), and every
 * interaction within 200 ms from the input to the next frame (the median of its runs):
 * the bound of a "good" Interaction to Next Paint (web.dev/inp).
 */
const HTML_READY_MS = 3000;
const HTML_INTERACTION_MS = 200;

const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

/** The report of one size at one server (`0 ms`, `25 ms`, `real`). */
function reportAt(results: SizeResult[], size: string, server: string): ReportResult | undefined {
  return results.find((r) => r.size.name === size)?.reports?.find((r) => r.server.label === server);
}

/** The browser measurement of one size (whichever server it was made at). */
function browserAt(
  results: SizeResult[],
  size: string,
): { report: ReportResult; browser: NonNullable<ReportResult['browser']> } | undefined {
  const reports = results.find((r) => r.size.name === size)?.reports ?? [];
  const report = reports.find((r) => r.browser !== undefined);
  return report === undefined ? undefined : { report, browser: report.browser! };
}

const count = (n: number): string => n.toLocaleString('en');

/** Issue 28: at M the HTML review stays responsive in a browser (paged tables). */
export function htmlReviewTargets(all: SizeResult[]): TargetResult[] {
  const ready = `M: HTML review in Chromium, tables on screen ≤ ${fmt(HTML_READY_MS)} after the navigation starts`;
  const measured = browserAt(all, 'M');
  if (measured === undefined) {
    const why = all.some((r) => r.size.name === 'M')
      ? 'not run (--report-sizes M, --browser-sizes M)'
      : 'M not run';
    return [missing(ready, why)];
  }
  const b = measured.browser;
  if ('error' in b) {
    return [
      b.error.startsWith(CHROMIUM)
        ? missing(ready, `not run: ${b.error}`)
        : { target: ready, measured: `failed: ${b.error}`, met: false },
    ];
  }
  const size = mb(b.bytes);
  return [
    {
      target: ready,
      measured: `${fmt(b.load.firstFrameMs)} (${size}; script done at ${fmt(b.load.readyMs)}; median of ${b.loads.length} loads)`,
      met: b.load.firstFrameMs <= HTML_READY_MS,
    },
    ...b.interactions.map((i): TargetResult => ({
      target: `M: HTML review, ${i.name} ≤ ${HTML_INTERACTION_MS} ms (input to next frame, median)`,
      measured:
        i.problem === undefined
          ? `${fmt(i.medianMs)} (max ${fmt(i.maxMs)} of ${i.runs.length})`
          : `not done: ${i.problem}`,
      met: i.problem === undefined && i.medianMs <= HTML_INTERACTION_MS,
    })),
    {
      target: 'M: HTML review keeps one page of each table in the DOM',
      measured:
        b.dom.overPage.length === 0
          ? `at most ${count(Math.max(...Object.values(b.dom.tables)))} rows a table, matrix ${b.dom.tables['matrix-table'] ?? 0} × ${b.dom.matrixColumns}; ${count(b.dom.elements)} elements`
          : b.dom.overPage.join('; '),
      met: b.dom.overPage.length === 0,
    },
    {
      target: 'M: HTML review without a console or page error',
      measured: b.errors.length === 0 ? 'none' : b.errors.join('; ').slice(0, 300),
      met: b.errors.length === 0,
    },
  ];
}

/** Issue 28: at M, 25 ms, `report --out FILE` in every format within 2× plan. */
export function reportTargets(all: SizeResult[]): TargetResult[] {
  const m25 = reportAt(all, 'M', '25 ms');
  const target = (format: string): string =>
    `M, 25 ms: report --format ${format} --out FILE ≤ ${REPORT_LIMIT}× plan`;
  if (m25 === undefined) {
    const why = all.some((r) => r.size.name === 'M')
      ? 'not run (--report-sizes M, --latencies …,25)'
      : 'M not run';
    return [missing(target('json|csv|…'), why)];
  }
  return m25.formats.map((f) =>
    f.step === undefined
      ? { target: target(f.format), measured: `failed: ${f.error ?? ''}`, met: false }
      : ratioTarget(target(f.format), f.step.wallMs, m25.plan.wallMs, REPORT_LIMIT),
  );
}

const ms = (value: number): string => `${value.toFixed(0)} ms`;

/** The HTML review in Chromium: the load, the interactions, the DOM (a size each). */
function browserTable(results: SizeResult[]): string[] {
  const measured = results.flatMap((r) => {
    const at = browserAt(results, r.size.name);
    return at === undefined ? [] : [{ size: r.size.name, ...at }];
  });
  if (measured.length === 0) return [];
  const ok = measured.filter(
    (m): m is typeof m & { browser: HtmlBrowserResult } => !('error' in m.browser),
  );
  const failed = measured
    .filter((m) => 'error' in m.browser)
    .map((m) => `- ${m.size}: ${'error' in m.browser ? m.browser.error : ''}`);
  const loads = ok.map(({ size, report, browser: b }) => {
    const l = b.load;
    return `| ${size} | ${report.server.label} | ${mb(b.bytes)} | ${fmt(l.responseEndMs)} | ${fmt(l.readyMs)} | ${fmt(l.firstFrameMs)} | ${fmt(l.domContentLoadedMs)} | ${fmt(l.harnessMs)} | ${ms(l.scriptMs)} / ${ms(l.layoutMs)} / ${ms(l.styleMs)} | ${ms(l.jsonParseMs)} | ${l.heapUsedMb.toFixed(0)} MB (${l.heapAfterGcMb.toFixed(0)} MB) | ${l.longTasks.count}: ${ms(l.longTasks.totalMs)} (longest ${ms(l.longTasks.longestMs)}) |`;
  });
  const interactions = ok.flatMap(({ size, browser: b }) =>
    b.interactions.map((i) => {
      const handler = i.runs.length === 0 ? NaN : median(i.runs.map((r) => r.handlerMs));
      return `| ${size} | ${i.name} | ${i.problem === undefined ? fmt(i.medianMs) : 'not done'} | ${i.runs.length === 0 ? '—' : fmt(i.maxMs)} | ${i.runs.map((r) => r.ms.toFixed(0)).join(', ')} | ${ms(handler)} | ${i.problem ?? i.result} |`;
    }),
  );
  const doms = ok.map(({ size, browser: b }) => {
    const d = b.dom;
    const tables = Object.entries(d.tables)
      .map(([id, rows]) => `${id} ${rows}`)
      .join(', ');
    return `- ${size}: ${tables}; matrix columns ${d.matrixColumns}; ${count(d.rows)} \`tr\` and ${count(d.elements)} elements in all, ${count(d.datalistOptions)} of them the "Show user" suggestions (one \`option\` a user). Long tasks during the interactions: ${b.interactionLongTasks.count} (longest ${ms(b.interactionLongTasks.longestMs)})${b.observed.longTasks ? '' : ' (long tasks not observed by this browser)'}${b.observed.eventTiming ? '' : '; no Event Timing in this browser: frame times only'}. Errors: ${b.errors.length === 0 ? 'none' : b.errors.join('; ')}.`;
  });
  const browser = ok[0]?.browser.browser ?? 'Chromium';
  return [
    `The HTML review in a real browser (bench/lib/measure-html-browser.ts): the page \`report --format html\` wrote, opened from its file in ${browser} (headless, a fresh profile, 1280 × 900). Load: median of ${ok[0]?.browser.loads.length ?? 3} loads, each in a new tab; times from the navigation's start. Interactions on the last page loaded, each the median of its runs: from the input event to the next frame (the longer of the Event Timing duration and the end of the frame's main-thread work).`,
    '',
    '| size | server | page | file read | script done | tables on screen | DOMContentLoaded | harness: goto → first row | script / layout / style | JSON.parse alone | JS heap (after GC) | long tasks in load |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...loads,
    '',
    '| size | interaction | median | max | runs (ms) | handler (median) | what it did |',
    '|---|---|---:|---:|---:|---:|---|',
    ...interactions,
    '',
    ...(doms.length === 0
      ? []
      : ['Rows in the DOM at their most (after the load and every interaction):', '', ...doms, '']),
    ...(failed.length === 0 ? [] : ['Not measured in the browser:', '', ...failed, '']),
  ];
}

/** The access review beside plan: a row per size, server and format. */
export function reportTable(results: SizeResult[]): string[] {
  const rows = results.flatMap((r) =>
    (r.reports ?? []).flatMap((report) =>
      report.formats.map((f) => {
        const plan = report.plan;
        const lead = `| ${r.size.name} | ${report.server.label} | ${fmt(plan.wallMs)} | ${(plan.peakRssMb ?? 0).toFixed(0)} MB | ${f.format} |`;
        const s = f.step;
        if (s === undefined) return `${lead} failed | — | — | — | — | — | — |`;
        return `${lead} ${fmt(s.wallMs)} | ${(s.wallMs / plan.wallMs).toFixed(2)}× | ${fmt(s.cpuMs ?? 0)} | ${fmt(s.gcMs ?? 0)} | ${(s.peakRssMb ?? 0).toFixed(0)} MB | ${s.requests} | ${f.bytes === undefined ? '—' : `${mb(f.bytes)} (${f.bytes.toLocaleString('en')} bytes)`} |`;
      }),
    ),
  );
  if (rows.length === 0) return [];
  const failures = results.flatMap((r) =>
    (r.reports ?? []).flatMap((report) =>
      report.formats
        .filter((f) => f.step === undefined)
        .map((f) => `- ${r.size.name} ${report.server.label} \`--format ${f.format}\`: ${f.error}`),
    ),
  );
  const reviews = results.flatMap((r) =>
    (r.reports ?? [])
      .slice(0, 1)
      .flatMap((report) =>
        report.review === undefined
          ? []
          : [
              `${r.size.name}: ${report.review.grants.toLocaleString('en')} grants, ${report.review.accessRows.toLocaleString('en')} access rows (the CSV's rows), ${report.review.exceptions.toLocaleString('en')} exceptions`,
            ],
      ),
  );
  return [
    'The access review (`report access --format F --out FILE`, issue 28) beside `plan` of the same studio on the same fresh emulator, the config in a git repository of two commits (every file blamed):',
    '',
    '| size | server | plan | plan peak RSS | format | report | report / plan | report CPU | report GC | report peak RSS | requests | file written |',
    '|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    ...(reviews.length === 0 ? [] : [`Reviews: ${reviews.join('; ')}.`, '']),
    ...(failures.length === 0 ? [] : ['Failed:', '', ...failures, '']),
    ...browserTable(results),
  ];
}
