/**
 * The HTML access review in a real browser (issue 28: "at M the HTML stays responsive"):
 * the page `report --format html` wrote is opened from its file in Debian's headless
 * Chromium (driven by playwright-core, launched by ./chromium.ts as the browser tests
 * launch it, with a fresh profile) and measured as a reader uses it:
 *
 * - load, `LOADS` times (a new tab each, the median kept): the navigation's timings, the
 *   moment the page's script marks the body ready (its tables built), and the end of the
 *   first frame after it (the rows on screen); the JS heap, before and after a forced GC;
 *   where the load's main-thread time went (CDP `Performance.getMetrics`), and the time
 *   `JSON.parse` takes on the embedded review alone;
 * - interactions (`RUNS` each, the median kept): "Show user" filled with a name, "Show all
 *   users", typing a name key by key into "Show user", sorting the grants by a column, the
 *   matrix's next page of users and of projects. Each is timed in the page from the input
 *   event to the next frame (see `interactionLatency`), and checked to have done its work;
 * - the rows each table keeps in the DOM, after the load and after every interaction;
 * - long tasks (`PerformanceObserver` 'longtask') during the load and the interactions.
 *
 * The page's code runs as written; this file adds observers and listeners to the page
 * (CDP injects them, the page's Content-Security-Policy does not apply to them) and changes
 * nothing in it. The page's DOM types are not in this project's lib: the in-page parts are
 * JavaScript strings.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from './chromium.js';
import { median, medianBy } from './median.js';

/** Loads of the page (each in a new tab), and runs of each interaction: medians of 3. */
const LOADS = 3;
const RUNS = 3;
/** Where in the list of users the name typed key by key is taken (M: artist-06001). */
const TYPED_USER_AT = 0.6;

const GRANT_ROWS = '#grants-table > tbody > tr[data-user]';

/** Long tasks (over 50 ms on the main thread) in a window of time. */
export interface LongTasks {
  count: number;
  totalMs: number;
  longestMs: number;
}

/** One load of the page, times from the navigation's start (ms). */
export interface HtmlLoad {
  /** The file read by the browser (the navigation's responseEnd). */
  responseEndMs: number;
  domContentLoadedMs: number;
  /** The page's script has built every section (body[data-ready] set). */
  readyMs: number;
  /** The end of the first frame after that: the tables' first rows on screen. */
  firstFrameMs: number;
  loadEventMs: number;
  /** Seen from the harness: `page.goto` until the grants table's first row is in the DOM. */
  harnessMs: number;
  heapUsedMb: number;
  /** After a forced garbage collection: what the page keeps. */
  heapAfterGcMb: number;
  /** Main-thread time of the load (CDP Performance.getMetrics), ms. */
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  taskMs: number;
  /** `JSON.parse` of the embedded review alone, run again once the page is loaded. */
  jsonParseMs: number;
  longTasks: LongTasks;
}

/** One run of an interaction: input event to the next frame, and the parts of it (ms). */
export interface InteractionRun {
  /** The latency kept: the longer of `eventTimingMs` and `frameMs`. */
  ms: number;
  /** The page's handlers (input event to the end of its dispatch). */
  handlerMs: number;
  /** Input event to the end of the next frame's main-thread work (rAF, then a task). */
  frameMs: number;
  /** The Event Timing API's duration (input to the next frame presented, as Chrome's INP);
   * absent when the event took under its 16 ms threshold or the API is missing. */
  eventTimingMs?: number;
}

export interface HtmlInteraction {
  name: string;
  runs: InteractionRun[];
  /** The median run's `ms`, and the slowest. */
  medianMs: number;
  maxMs: number;
  /** What the interaction did, as checked in the DOM (e.g. "12 rows of artist-06001"). */
  result: string;
  /** Set when the interaction did not do its work: its times do not count. */
  problem?: string;
}

export interface HtmlDomRows {
  /** The most rows each table held in its body, after the load and every interaction. */
  tables: Record<string, number>;
  matrixColumns: number;
  /** Every `tr`, and every element, in the document at its largest. */
  rows: number;
  elements: number;
  /** The "Show user" suggestions: one `option` per user. */
  datalistOptions: number;
  /** The page sizes of the page (its embedded meta.pages). */
  pages: Record<string, number>;
  /** Tables over their page size, if any (`table: rows > limit`). */
  overPage: string[];
}

export interface HtmlBrowserResult {
  /** Chromium's and V8's versions. */
  browser: string;
  bytes: number;
  loads: HtmlLoad[];
  /** The median load (by firstFrameMs). */
  load: HtmlLoad;
  interactions: HtmlInteraction[];
  dom: HtmlDomRows;
  /** Long tasks from the first interaction to the last (all of them, with the waits). */
  interactionLongTasks: LongTasks;
  /** Whether the browser reported long tasks and event timings at all. */
  observed: { longTasks: boolean; eventTiming: boolean };
  /** Console errors and uncaught page errors. */
  errors: string[];
}

/** Why the page could not be measured (no browser, a crash, a time-out). */
export interface HtmlBrowserFailure {
  error: string;
}

/** In the page, before any of its own script: the observers and the interaction hooks. */
const PROBE = String.raw`(() => {
  if (window.__bench !== undefined || window !== window.top) return;
  const b = { longTasks: [], events: [], current: null, ready: null, firstFrame: null };
  window.__bench = b;
  const supported = PerformanceObserver.supportedEntryTypes || [];
  const observe = (type, options, push) => {
    if (!supported.includes(type)) return false;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) push(e);
    }).observe(Object.assign({ type, buffered: true }, options));
    return true;
  };
  b.observed = {
    longTasks: observe('longtask', {}, (e) => b.longTasks.push([e.startTime, e.duration])),
    eventTiming: observe('event', { durationThreshold: 16 }, (e) =>
      b.events.push([e.name, e.startTime, e.duration]),
    ),
  };
  const afterFrame = (done) => requestAnimationFrame(() => setTimeout(done, 0));
  // Promises the harness awaits (page.evaluate): the page's CSP forbids the string
  // evaluation of Playwright's waitForFunction polling.
  let loaded;
  b.loaded = new Promise((resolve) => { loaded = resolve; });
  new MutationObserver((records, observer) => {
    if (document.body === null || !document.body.hasAttribute('data-ready')) return;
    observer.disconnect();
    b.ready = performance.now();
    afterFrame(() => {
      b.firstFrame = performance.now();
      loaded();
    });
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
  // An interaction starts at its first key or input or click event (capture, on window) and
  // its handlers end when that event has bubbled back to window.
  for (const type of ['keydown', 'input', 'click']) {
    addEventListener(type, (e) => {
      const r = b.current;
      if (r !== null && r.start === undefined) r.start = e.timeStamp;
    }, true);
  }
  for (const type of ['input', 'click']) {
    addEventListener(type, () => {
      const r = b.current;
      if (r === null || r.start === undefined || r.handled !== undefined) return;
      r.handled = performance.now();
      afterFrame(() => {
        r.painted = performance.now();
        r.done({ mark: r.mark, start: r.start, handled: r.handled, painted: r.painted });
      });
    }, false);
  }
  b.begin = () => {
    const r = { mark: performance.now() };
    r.finished = new Promise((resolve) => { r.done = resolve; });
    b.current = r;
  };
})();`;

/** The rows each table holds, and the page's sizes. */
const DOM_COUNTS = String.raw`(() => {
  const count = (selector) => document.querySelectorAll(selector).length;
  const tables = {};
  for (const table of document.querySelectorAll('table[id]'))
    tables[table.id] = table.tBodies[0] ? table.tBodies[0].rows.length : 0;
  return {
    tables,
    matrixColumns: count('#matrix-table > thead th[data-project]'),
    rows: count('tr'),
    elements: count('*'),
    datalistOptions: count('#user-names > option'),
    pages: JSON.parse(document.getElementById('review-meta').textContent).pages,
  };
})()`;

const NAVIGATION = String.raw`(() => {
  const n = performance.getEntriesByType('navigation')[0];
  return {
    responseEnd: n.responseEnd,
    domContentLoaded: n.domContentLoadedEventEnd,
    loadEvent: n.loadEventEnd,
    ready: window.__bench.ready,
    firstFrame: window.__bench.firstFrame,
    longTasks: window.__bench.longTasks,
    observed: window.__bench.observed,
  };
})()`;

const JSON_PARSE = String.raw`(() => {
  const text = document.getElementById('review-data').textContent;
  const started = performance.now();
  JSON.parse(text);
  return performance.now() - started;
})()`;

interface RawRun {
  mark: number;
  start?: number;
  handled?: number;
  painted?: number;
}

type EventEntry = [name: string, startTime: number, duration: number];

/** Long tasks starting in [from, to). */
export function longTasksIn(
  entries: readonly (readonly [number, number])[],
  from: number,
  to: number,
): LongTasks {
  const inside = entries.filter(([start]) => start >= from && start < to).map(([, d]) => d);
  return {
    count: inside.length,
    totalMs: inside.reduce((sum, d) => sum + d, 0),
    longestMs: inside.length === 0 ? 0 : Math.max(...inside),
  };
}

/** The events of an interaction's input that Event Timing reports (an interaction's parts). */
const INTERACTION_EVENTS = new Set([
  'keydown',
  'keypress',
  'keyup',
  'beforeinput',
  'input',
  'pointerdown',
  'pointerup',
  'mousedown',
  'mouseup',
  'click',
]);

/**
 * One run's latency. `frameMs` is from the input event to the end of the next frame's
 * main-thread work; Event Timing (the run's events: those that started between its mark
 * and that frame) adds the frame's presentation but is rounded to 8 ms and absent under
 * 16 ms: the longer of the two is kept.
 */
export function interactionLatency(
  run: Required<RawRun>,
  events: readonly EventEntry[],
): InteractionRun {
  const frameMs = run.painted - run.start;
  const durations = events
    .filter(
      ([name, start]) => INTERACTION_EVENTS.has(name) && start >= run.mark && start <= run.painted,
    )
    .map(([, , duration]) => duration);
  const eventTimingMs = durations.length === 0 ? undefined : Math.max(...durations);
  return {
    ms: Math.max(frameMs, eventTimingMs ?? 0),
    handlerMs: run.handled - run.start,
    frameMs,
    ...(eventTimingMs === undefined ? {} : { eventTimingMs }),
  };
}

/** The tables over their page size: the matrix by its pages, every other by the largest. */
export function tablesOverPage(
  dom: Pick<HtmlDomRows, 'tables' | 'matrixColumns' | 'pages'>,
): string[] {
  const { pages } = dom;
  const limit = Math.max(
    ...Object.entries(pages)
      .filter(([key]) => !key.startsWith('matrix_') && key !== 'print_limit')
      .map(([, size]) => size),
  );
  const over = Object.entries(dom.tables)
    .map(
      ([id, rows]) => [id, rows, id === 'matrix-table' ? pages['matrix_users']! : limit] as const,
    )
    .filter(([, rows, max]) => rows > max)
    .map(([id, rows, max]) => `${id}: ${rows} rows > ${max}`);
  if (dom.matrixColumns > pages['matrix_projects']!)
    over.push(`matrix-table: ${dom.matrixColumns} columns > ${pages['matrix_projects']}`);
  return over;
}

/** The larger of each count: the DOM at its largest over the session. */
function mergeDom(
  a: Omit<HtmlDomRows, 'overPage'> | undefined,
  b: Omit<HtmlDomRows, 'overPage'>,
): Omit<HtmlDomRows, 'overPage'> {
  if (a === undefined) return b;
  const tables = { ...a.tables };
  for (const [id, rows] of Object.entries(b.tables)) tables[id] = Math.max(tables[id] ?? 0, rows);
  return {
    tables,
    matrixColumns: Math.max(a.matrixColumns, b.matrixColumns),
    rows: Math.max(a.rows, b.rows),
    elements: Math.max(a.elements, b.elements),
    datalistOptions: Math.max(a.datalistOptions, b.datalistOptions),
    pages: b.pages,
  };
}

const mbOf = (bytes: number): number => bytes / 1024 ** 2;

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** `promise`, or `kind` thrown after `ms` (the page's promise is left pending). */
async function within<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  kind: new (message: string) => Error = Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new kind(`${what} within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Opens the file in a new tab and measures the load; the tab is left open. */
async function load(
  context: BrowserContext,
  url: string,
  errors: string[],
): Promise<{ page: Page; load: HtmlLoad }> {
  const page = await context.newPage();
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => void errors.push(e.message));
  await page.addInitScript(PROBE);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  await page.waitForSelector(GRANT_ROWS, { state: 'attached', timeout: 120_000 });
  const harnessMs = performance.now() - started;
  await within(page.evaluate('window.__bench.loaded'), 30_000, 'no frame after the page was ready');
  await page.waitForLoadState('load');
  const nav = await page.evaluate<{
    responseEnd: number;
    domContentLoaded: number;
    loadEvent: number;
    ready: number;
    firstFrame: number;
    longTasks: [number, number][];
  }>(NAVIGATION);
  const before = await metrics(cdp);
  await cdp.send('HeapProfiler.collectGarbage');
  const after = await metrics(cdp);
  const jsonParseMs = await page.evaluate<number>(JSON_PARSE);
  await cdp.detach();
  const seconds = (name: string): number => (before[name] ?? 0) * 1000;
  return {
    page,
    load: {
      responseEndMs: nav.responseEnd,
      domContentLoadedMs: nav.domContentLoaded,
      readyMs: nav.ready,
      firstFrameMs: nav.firstFrame,
      loadEventMs: nav.loadEvent,
      harnessMs,
      heapUsedMb: mbOf(before['JSHeapUsedSize'] ?? 0),
      heapAfterGcMb: mbOf(after['JSHeapUsedSize'] ?? 0),
      scriptMs: seconds('ScriptDuration'),
      layoutMs: seconds('LayoutDuration'),
      styleMs: seconds('RecalcStyleDuration'),
      taskMs: seconds('TaskDuration'),
      jsonParseMs,
      longTasks: longTasksIn(nav.longTasks, 0, nav.firstFrame),
    },
  };
}

/** An interaction that did not do its work (its times do not count). */
class Problem extends Error {}

/** Runs one action between `begin` and the frame after its handlers; the raw times. */
async function timed(page: Page, action: () => Promise<void>): Promise<Required<RawRun>> {
  await page.evaluate('window.__bench.begin()');
  await action();
  return within(
    page.evaluate<Required<RawRun>>('window.__bench.current.finished'),
    30_000,
    'no input or click event, or no frame after it',
    Problem,
  );
}

const text = (page: Page, selector: string): Promise<string> =>
  page
    .locator(selector)
    .first()
    .textContent()
    .then((t) => t ?? '');

const usersShown = (page: Page): Promise<string[]> =>
  page.locator(GRANT_ROWS).evaluateAll(
    // The page's elements, typed here: the DOM's types are not in this project's lib.
    (rows: { getAttribute(name: string): string | null }[]) =>
      rows.map((row) => row.getAttribute('data-user') ?? ''),
  );

interface Scripted {
  name: string;
  /** Runs the interaction (its timed runs); what it did, or a Problem thrown if it did not. */
  run(page: Page, timedRun: (action: () => Promise<void>) => Promise<void>): Promise<string>;
}

function expectThat(ok: boolean, problem: string): void {
  if (!ok) throw new Problem(problem);
}

/** The interactions, in the order they run on the last page loaded. */
function interactions(names: string[], pageSize: number): Scripted[] {
  // Three users spread over the studio, and one to type.
  const picks = [0.25, 0.5, 0.75].map((f) => names[Math.floor(names.length * f)]!);
  const typed = names[Math.floor(names.length * TYPED_USER_AT)]!;
  const onlyUser = async (page: Page, user: string): Promise<number> => {
    const shown = await usersShown(page);
    expectThat(
      shown.length > 0 && shown.every((u) => u === user),
      `"Show user" ${user}: the grants show ${shown.length} rows, of ${[...new Set(shown)].slice(0, 3).join(', ')}`,
    );
    return shown.length;
  };
  const allUsers = async (page: Page): Promise<void> => {
    const count = (await usersShown(page)).length;
    expectThat(count === pageSize, `"Show all users": ${count} grant rows, not ${pageSize}`);
  };
  const matrixNext = (axis: 'users' | 'projects'): Scripted => ({
    name: `matrix: next page of ${axis}`,
    async run(page, timedRun) {
      const seen: string[] = [];
      for (let i = 0; i < RUNS; i++) {
        const before = await text(page, '[data-status="matrix"]');
        await timedRun(() =>
          page.click(`#matrix button[aria-label="Matrix ${axis}: next page"]`, { timeout: 30_000 }),
        );
        const after = await text(page, '[data-status="matrix"]');
        expectThat(after !== before, `matrix next page of ${axis}: still "${after}"`);
        seen.push(after);
      }
      return seen.at(-1) ?? '';
    },
  });
  return [
    {
      name: '"Show user": a username filled in',
      async run(page, timedRun) {
        const counts: string[] = [];
        for (const user of picks) {
          await timedRun(() => page.fill('#show-user', user));
          counts.push(`${await onlyUser(page, user)} rows of ${user}`);
          // Back to every user, untimed here ("Show all users" below times it).
          await page.fill('#show-user', '');
          await allUsers(page);
        }
        return counts.join(', ');
      },
    },
    {
      name: '"Show all users" (from one user)',
      async run(page, timedRun) {
        for (const user of picks) {
          await page.fill('#show-user', user);
          await timedRun(() => page.click('#show-user-clear'));
          await allUsers(page);
        }
        return `${pageSize} grant rows again`;
      },
    },
    {
      name: `"Show user": ${typed} typed key by key (each key)`,
      async run(page, timedRun) {
        await page.fill('#show-user', '');
        await page.focus('#show-user');
        for (const key of typed) await timedRun(() => page.keyboard.type(key));
        const rows = await onlyUser(page, typed);
        await page.click('#show-user-clear');
        await allUsers(page);
        return `${typed.length} keys, then ${rows} rows of ${typed}`;
      },
    },
    {
      name: 'grants: sorted by role (a header click)',
      async run(page, timedRun) {
        const header = '#grants-table th[data-key="role"]';
        const first = (): Promise<string> => text(page, '#grants-table > tbody > tr');
        const orders: string[] = [];
        for (let i = 0; i < RUNS; i++) {
          const before = await first();
          await timedRun(() => page.click(`${header} button`, { timeout: 30_000 }));
          const after = await first();
          expectThat(after !== before, `sorting by role left the first row "${after}"`);
          orders.push((await page.locator(header).getAttribute('aria-sort')) ?? '');
        }
        return `${orders.join(', ')}; the first row changed each time`;
      },
    },
    matrixNext('users'),
    matrixNext('projects'),
  ];
}

/**
 * Opens `file` (a page of `report --format html`) in headless Chromium and measures it
 * (see the top of this file). Throws when the browser is missing or the page never gets
 * ready; an interaction that does not do its work is recorded with its problem.
 */
export async function measureHtmlInBrowser(
  file: string,
  options: { log: (line: string) => void },
): Promise<HtmlBrowserResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  const url = pathToFileURL(file).href;
  const profile = mkdtempSync(join(tmpdir(), 'ftrack-roles-bench-chromium-'));
  const errors: string[] = [];
  const context = await launchChromium(profile);
  try {
    const loads: HtmlLoad[] = [];
    let last: Page | undefined;
    for (let i = 0; i < LOADS; i++) {
      await last?.close();
      const opened = await load(context, url, errors);
      last = opened.page;
      loads.push(opened.load);
      options.log(
        `HTML in Chromium, load ${i + 1}: ready ${opened.load.readyMs.toFixed(0)} ms, first frame ${opened.load.firstFrameMs.toFixed(0)} ms, heap ${opened.load.heapUsedMb.toFixed(0)} MB`,
      );
    }
    // The interactions run on the last page loaded.
    const page = last!;
    const cdp = await context.newCDPSession(page);
    const version = await cdp.send('Browser.getVersion');
    await cdp.detach();
    type Counts = Omit<HtmlDomRows, 'overPage'>;
    let dom = mergeDom(undefined, await page.evaluate<Counts>(DOM_COUNTS));
    const names = await page
      .locator('#user-names > option')
      .evaluateAll((options: { getAttribute(name: string): string | null }[]) =>
        options.map((o) => o.getAttribute('value') ?? ''),
      );
    const measured: {
      scripted: Scripted;
      raws: Required<RawRun>[];
      result: string;
      problem?: string;
    }[] = [];
    const firstMark = await page.evaluate<number>('performance.now()');
    for (const scripted of interactions(names, dom.pages['grants'] ?? 100)) {
      const raws: Required<RawRun>[] = [];
      try {
        const result = await scripted.run(page, async (action) => {
          raws.push(await timed(page, action));
          dom = mergeDom(dom, await page.evaluate<Counts>(DOM_COUNTS));
        });
        measured.push({ scripted, raws, result });
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        measured.push({ scripted, raws, result: 'not done', problem: error.message });
      }
    }
    // Event Timing reports after the frame is presented: give the last ones time to arrive.
    await page.waitForTimeout(1000);
    const { events, longTasks, now } = await page.evaluate<{
      events: EventEntry[];
      longTasks: [number, number][];
      now: number;
    }>(
      '({ events: window.__bench.events, longTasks: window.__bench.longTasks, now: performance.now() })',
    );
    const result: HtmlInteraction[] = measured.map(({ scripted, raws, result: what, problem }) => {
      const runs = raws.map((raw) => interactionLatency(raw, events));
      const times = runs.map((r) => r.ms);
      return {
        name: scripted.name,
        runs,
        medianMs: times.length === 0 ? NaN : median(times),
        maxMs: times.length === 0 ? NaN : Math.max(...times),
        result: what,
        ...(problem === undefined ? {} : { problem }),
      };
    });
    const observed = await page.evaluate<HtmlBrowserResult['observed']>('window.__bench.observed');
    for (const i of result)
      options.log(
        `HTML in Chromium: ${i.name}: median ${i.medianMs.toFixed(0)} ms, max ${i.maxMs.toFixed(0)} ms${i.problem === undefined ? '' : ` PROBLEM: ${i.problem}`}`,
      );
    return {
      browser: `${version.product.replace(/^(Headless)?Chrome\//, 'Chromium ')}, V8 ${version.jsVersion}`,
      bytes: statSync(file).size,
      loads,
      load: medianBy(loads, (l) => l.firstFrameMs),
      interactions: result,
      dom: { ...dom, overPage: tablesOverPage(dom) },
      interactionLongTasks: longTasksIn(longTasks, firstMark, now),
      observed,
      errors,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
