import { describe, expect, it } from 'vitest';
import {
  interactionLatency,
  longTasksIn,
  tablesOverPage,
  type HtmlBrowserResult,
  type HtmlInteraction,
} from '../../../bench/lib/measure-html-browser.js';
import type { ReportResult } from '../../../bench/lib/measure-report.js';
import type { SizeResult } from '../../../bench/lib/measure-size.js';
import { HTML_PAGE_SIZES } from '../../../src/render/access-review-html.js';
import { htmlReviewTargets, reportTable } from '../../../bench/lib/report-results.js';

const PAGES = HTML_PAGE_SIZES;

describe('the HTML review in the browser: what is measured', () => {
  const run = { mark: 1000, start: 1010, handled: 1100, painted: 1140 };

  it('keeps the longer of Event Timing and the frame, from the run’s own events only', () => {
    // Event Timing includes the frame's presentation: longer than the main-thread frame.
    expect(
      interactionLatency(run, [
        ['pointerover', 1005, 400], // mouse movement: not part of the input
        ['click', 1010, 152],
        ['pointerup', 1009, 144],
        ['input', 1200, 600], // after this run's frame: the next action's
        ['click', 990, 600], // before its mark: the previous action's
      ]),
    ).toEqual({ ms: 152, handlerMs: 90, frameMs: 130, eventTimingMs: 152 });
    // Under Event Timing's 16 ms threshold (no entry), or rounded below the frame: the frame.
    expect(interactionLatency(run, [])).toEqual({ ms: 130, handlerMs: 90, frameMs: 130 });
    expect(interactionLatency(run, [['keydown', 1010, 128]]).ms).toBe(130);
  });

  it('counts the long tasks that start in a window', () => {
    const tasks: [number, number][] = [
      [100, 60],
      [500, 420],
      [1290, 90],
      [2000, 70],
    ];
    expect(longTasksIn(tasks, 0, 1300)).toEqual({ count: 3, totalMs: 570, longestMs: 420 });
    expect(longTasksIn(tasks, 3000, 4000)).toEqual({ count: 0, totalMs: 0, longestMs: 0 });
  });

  it('finds a table holding more than a page of rows, the matrix by its own sizes', () => {
    const paged = {
      tables: { 'grants-table': 100, 'exception-kinds': 7, 'matrix-table': 50 },
      matrixColumns: 25,
      pages: PAGES,
    };
    expect(tablesOverPage(paged)).toEqual([]);
    expect(
      tablesOverPage({
        ...paged,
        tables: { 'grants-table': 101, 'matrix-table': 51 },
        matrixColumns: 500,
      }),
    ).toEqual([
      'grants-table: 101 rows > 100',
      'matrix-table: 51 rows > 50',
      'matrix-table: 500 columns > 25',
    ]);
  });
});

describe('the HTML review in the browser: targets and tables', () => {
  const interaction = (name: string, times: number[], problem?: string): HtmlInteraction => ({
    name,
    runs: times.map((ms) => ({ ms, handlerMs: ms / 2, frameMs: ms })),
    medianMs: [...times].sort((a, b) => a - b)[1]!,
    maxMs: Math.max(...times),
    result: problem === undefined ? 'done' : 'not done',
    ...(problem === undefined ? {} : { problem }),
  });
  const load = (firstFrameMs: number) => ({
    responseEndMs: 400,
    domContentLoadedMs: firstFrameMs - 10,
    readyMs: firstFrameMs - 100,
    firstFrameMs,
    loadEventMs: firstFrameMs - 5,
    harnessMs: firstFrameMs + 20,
    heapUsedMb: 88,
    heapAfterGcMb: 65,
    scriptMs: 420,
    layoutMs: 54,
    styleMs: 18,
    taskMs: 1000,
    jsonParseMs: 240,
    longTasks: { count: 3, totalMs: 630, longestMs: 420 },
  });
  const browser = (over: Partial<HtmlBrowserResult> = {}): HtmlBrowserResult => ({
    browser: 'Chromium 156.0.8078.129, V8 15.6',
    bytes: 55_727_087,
    loads: [load(1200), load(3100), load(1000)],
    load: load(1200),
    interactions: [
      interaction('grants: sorted by role (a header click)', [150, 201, 140]),
      interaction('matrix: next page of users', [40, 300, 250]),
    ],
    dom: {
      tables: { 'grants-table': 100, 'matrix-table': 50 },
      matrixColumns: 25,
      rows: 605,
      elements: 17_223,
      datalistOptions: 10_001,
      pages: PAGES,
      overPage: [],
    },
    interactionLongTasks: { count: 2, totalMs: 200, longestMs: 119 },
    observed: { longTasks: true, eventTiming: true },
    errors: [],
    ...over,
  });
  const results = (b: ReportResult['browser']): SizeResult[] => {
    const step = { wallMs: 1000, requests: 29, bytesReceived: 0, peakRssMb: 400 };
    const report: ReportResult = {
      server: { label: '25 ms', latencyMs: 25 },
      plan: { ...step, changes: 1, operations: 1 },
      formats: [{ format: 'html', step, bytes: 55_727_087 }],
      ...(b === undefined ? {} : { browser: b }),
    };
    return [
      { size: { name: 'M', users: 10_000, projects: 500 }, latencies: [], reports: [report] },
    ] as unknown as SizeResult[];
  };
  const htmlTargets = (all: SizeResult[]) =>
    htmlReviewTargets(all).map((t) => [t.target, t.measured, t.met]);

  it('holds the load to 3 s and each interaction’s median to 200 ms', () => {
    expect(htmlTargets(results(browser()))).toEqual([
      [
        'M: HTML review in Chromium, tables on screen ≤ 3.00 s after the navigation starts',
        '1.20 s (53.1 MB; script done at 1.10 s; median of 3 loads)',
        true,
      ],
      [
        'M: HTML review, grants: sorted by role (a header click) ≤ 200 ms (input to next frame, median)',
        '150 ms (max 201 ms of 3)',
        true,
      ],
      [
        'M: HTML review, matrix: next page of users ≤ 200 ms (input to next frame, median)',
        '250 ms (max 300 ms of 3)',
        false,
      ],
      [
        'M: HTML review keeps one page of each table in the DOM',
        'at most 100 rows a table, matrix 50 × 25; 17,223 elements',
        true,
      ],
      ['M: HTML review without a console or page error', 'none', true],
    ]);
    const table = reportTable(results(browser())).join('\n');
    expect(table).toContain('opened from its file in Chromium 156.0.8078.129, V8 15.6');
    expect(table).toContain(
      '| M | 25 ms | 53.1 MB | 400 ms | 1.10 s | 1.20 s | 1.19 s | 1.22 s | 420 ms / 54 ms / 18 ms | 240 ms | 88 MB (65 MB) | 3: 630 ms (longest 420 ms) |',
    );
    expect(table).toContain(
      '| M | matrix: next page of users | 250 ms | 300 ms | 40, 300, 250 | 125 ms | done |',
    );
    expect(table).toContain('10,001 of them the "Show user" suggestions');
  });

  it('misses on a slow load, an undone interaction, a table over its page, an error', () => {
    const bad = browser({
      load: load(3001),
      interactions: [interaction('matrix: next page of users', [10, 20, 30], 'still page 1')],
      dom: { ...browser().dom, overPage: ['grants-table: 101 rows > 100'] },
      errors: ['Uncaught TypeError: x is undefined'],
    });
    const targets = htmlTargets(results(bad));
    expect(targets.map((t) => t[2])).toEqual([false, false, false, false]);
    expect(targets[1]![1]).toBe('not done: still page 1');
    expect(targets[2]![1]).toBe('grants-table: 101 rows > 100');
    expect(reportTable(results(bad)).join('\n')).toContain(
      '| M | matrix: next page of users | not done | 30 ms | 10, 20, 30 | 10 ms | still page 1 |',
    );
  });

  it('says why when the page was not measured: no browser is "not run", a failure misses', () => {
    const ready =
      'M: HTML review in Chromium, tables on screen ≤ 3.00 s after the navigation starts';
    expect(htmlTargets(results(undefined))).toEqual([
      [ready, 'not run (--report-sizes M, --browser-sizes M)', undefined],
    ]);
    expect(
      htmlTargets(results({ error: '/usr/bin/chromium is missing (apt-get install chromium)' })),
    ).toEqual([
      [ready, 'not run: /usr/bin/chromium is missing (apt-get install chromium)', undefined],
    ]);
    expect(htmlTargets(results({ error: 'page.goto: Timeout 120000ms exceeded' }))).toEqual([
      [ready, 'failed: page.goto: Timeout 120000ms exceeded', false],
    ]);
    expect(reportTable(results({ error: 'crashed' })).join('\n')).toContain(
      'Not measured in the browser:\n\n- M: crashed',
    );
    expect(htmlTargets([])).toEqual([[ready, 'M not run', undefined]]);
  });
});
