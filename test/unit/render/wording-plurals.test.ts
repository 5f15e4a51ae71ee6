import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plural } from '../../../src/model/index.js';
import { renderDriftMarkdown } from '../../../src/render/drift-markdown.js';
import { exportSummary } from '../../../src/render/export-summary.js';
import { checkRateLimit } from '../../../src/report/doctor-requests.js';
import type { DriftReport, ExportModel } from '../../../src/report/index.js';
import { runPlan } from '../plan/helpers.js';

/** Issue 27, part 8: no "1 …s" in what the commands print. */

describe('plural', () => {
  it('puts the noun in the plural unless the count is 1', () => {
    expect([0, 1, 2].map((n) => plural(n, 'change'))).toEqual([
      '0 changes',
      '1 change',
      '2 changes',
    ]);
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });
});

describe('messages with a count of one', () => {
  it('the removal limit: "removes access 1 time"', () => {
    const { refusals } = runPlan(
      { users: [{ username: 'a1', roles: { User: 'all-open' } }] },
      { settings: { maxRemovals: 0 }, users: { a1: {} } },
    );
    expect(refusals[0]?.summary).toBe('The plan removes access 1 time, more than max_removals (0)');
  });

  it('a protected role: "would have 1 holder"', () => {
    const { refusals } = runPlan(
      {
        users: [
          { username: 'maria', roles: { Administrator: 'all-open' } },
          { username: 'tomas', roles: { Administrator: 'all-open' } },
        ],
      },
      {
        settings: { ignoreUsers: ['svc'], protected: [{ role: 'Administrator', minHolders: 3 }] },
        users: { maria: {}, tomas: {} },
      },
    );
    expect(refusals.map((d) => d.summary)).toContain(
      'The protected role "Administrator" would have 1 holder, fewer than min_holders (3)',
    );
  });

  it('undeclared holders under manage: declared: "1 user holds"', () => {
    const { plan } = runPlan(
      {
        users: [
          { username: 'ana', roles: { User: 'all-open' } },
          { username: 'zed', roles: { User: ['alpha'] } },
        ],
      },
      { users: { ana: { User: 'all-open' } } },
    );
    const warning = plan.warnings.find((w) => w.summary.includes('not declared'));
    expect(warning?.summary).toMatch(/^1 user holds roles the files grant but are not declared/);
  });

  it('doctor: "HTTP 429 after 1 request", "No HTTP 429: 1 request"', () => {
    const limited = checkRateLimit({
      requests: 1,
      elapsedMs: 100,
      burst: 1,
      first429: { after: 1, atMs: 100 },
    });
    expect(limited.summary).toBe(
      'HTTP 429 (Too Many Requests) after 1 request in 0.1 s; no Retry-After.',
    );
    expect(checkRateLimit({ requests: 1, elapsedMs: 100, burst: 1 }).summary).toMatch(
      /^No HTTP 429: 1 request in 0\.1 s/,
    );
  });

  it('export: "Exported 1 user and 1 role to access (1 file)"', () => {
    const model = {
      users: [{ username: 'ana' }],
      roles: [{ name: 'User', type: 'PROJECT' }],
      skipped: [],
    } as unknown as ExportModel;
    expect(exportSummary(model, 'access', 1)).toBe(
      'Exported 1 user and 1 role to access (1 file).\n',
    );
  });

  it('drift Markdown cut by one row: "1 more row not shown"', () => {
    const golden = join(import.meta.dirname, '../../fixtures/drift/sample.golden.json');
    const report = JSON.parse(readFileSync(golden, 'utf8')) as DriftReport;
    const notes = new Set<string>();
    for (let max = 300; max < 3000; max += 5) {
      const note = /Truncated to fit \d+ characters: (.+?) not shown/.exec(
        renderDriftMarkdown(report, { maxLength: max }),
      );
      if (note !== null) notes.add(note[1]!);
    }
    expect(notes).toContain('1 more row');
    expect([...notes].filter((n) => /^1 more rows$/.test(n))).toEqual([]);
  });
});
