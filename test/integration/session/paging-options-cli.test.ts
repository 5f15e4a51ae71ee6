import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_SECONDS as API_TIMEOUT_SECONDS } from '../../../src/api/index.js';
import {
  DEFAULT_CONCURRENT_REQUESTS,
  DEFAULT_PAGE_SIZE_ROWS,
  DEFAULT_TIMEOUT_SECONDS,
} from '../../../src/cli/connection-flags.js';
import { runCli } from '../../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { DEFAULT_PAGE_SIZE } from '../../../src/session/index.js';
import { DEFAULT_CONCURRENCY } from '../../../src/session/request-gate.js';
import { fakeIo } from '../../e2e/fake-io.js';
import { ADMIN_KEY, studioSeed } from './helpers/seed.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: studioSeed(250) });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(() => emu.resetCounters());

async function cli(argv: string[]) {
  const env = { FTRACK_SERVER: emu.url, FTRACK_API_USER: 'admin', FTRACK_API_KEY: ADMIN_KEY };
  const run = fakeIo(process.cwd(), env);
  const code = await runCli(argv, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** The query expressions the emulator received, in order. */
function expressions(): string[] {
  return emu.requests().flatMap((batch) =>
    batch.flatMap((op) => {
      const { action, expression } = op as { action: string; expression?: string };
      return action === 'query' && expression !== undefined ? [expression] : [];
    }),
  );
}

describe('--page-size and --concurrency', () => {
  it('reach the session: pages of N rows, and no page read ahead at --concurrency 1', async () => {
    const result = await cli(['catalog', 'pull', '--page-size', '100', '--concurrency', '1']);
    expect(result.code, result.stderr).toBe(0);
    const asked = expressions();
    expect(asked.every((e) => e.endsWith(' limit 100'))).toBe(true);
    // One request in flight: every page is asked at the offset the one before named, so
    // each table costs exactly its pages, none in vain past its end.
    const perTable = new Map<string, number[]>();
    for (const e of asked) {
      const [, table, offset] = /from (\w+) order by id offset (\d+)/.exec(e)!;
      perTable.set(table!, [...(perTable.get(table!) ?? []), Number(offset)]);
    }
    expect(perTable.get('User')).toEqual([0, 100, 200]);
    for (const offsets of perTable.values()) {
      expect(offsets).toEqual(offsets.map((_, i) => i * 100));
    }
  });

  it('default to pages of 2,000 rows and 4 requests in flight (the API has the same defaults)', async () => {
    expect(DEFAULT_PAGE_SIZE_ROWS).toBe(DEFAULT_PAGE_SIZE);
    expect(DEFAULT_CONCURRENT_REQUESTS).toBe(DEFAULT_CONCURRENCY);
    // The API's default is the CLI's (repeated so that the flags load no API code).
    expect(DEFAULT_TIMEOUT_SECONDS).toBe(API_TIMEOUT_SECONDS);
    const result = await cli(['catalog', 'pull']);
    expect(result.code, result.stderr).toBe(0);
    expect(expressions().every((e) => e.endsWith(' limit 2000'))).toBe(true);
  });

  it.each([
    ['--page-size', '0', /--page-size.*1 to 10000/],
    ['--page-size', '10001', /--page-size.*1 to 10000/],
    ['--page-size', '1e3', /--page-size.*1 to 10000/],
    ['--concurrency', '0', /--concurrency.*1 to 32/],
    ['--concurrency', '33', /--concurrency.*1 to 32/],
    ['--concurrency', '2.5', /--concurrency.*1 to 32/],
  ])('refuse %s %s: exit 1, nothing sent', async (option, value, message) => {
    const result = await cli(['catalog', 'pull', option, value]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(emu.requestCount()).toBe(0);
  });

  it.each([['plan'], ['apply'], ['drift'], ['explain'], ['export'], ['catalog', 'pull']])(
    '%s --help describes them',
    async (...command) => {
      const result = await cli([...command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/--page-size <rows>\s+rows asked per page/);
      expect(result.stdout).toMatch(/--concurrency <n>\s+requests to the server in flight/);
      expect(result.stdout).toContain('429');
    },
  );
});
