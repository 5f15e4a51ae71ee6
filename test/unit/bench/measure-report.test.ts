import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateStudio, type StudioSize } from '../../../bench/lib/generate-studio.js';
import type { ReportResult } from '../../../bench/lib/measure-report.js';
import { commitStudioConfig } from '../../../bench/lib/measure-report.js';
import type { SizeResult } from '../../../bench/lib/measure-size.js';
import { renderDesiredFiles } from '../../../bench/lib/render-studio.js';
import { reportTable, reportTargets } from '../../../bench/lib/report-results.js';
import { writeStudio } from '../../../bench/lib/write-studio.js';

const TINY: StudioSize = { name: 'tiny', users: 120, projects: 30 };
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the access review bench', () => {
  it('commits the split config in two commits, the second with the studio’s difference', () => {
    const studio = generateStudio(TINY);
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-bench-git-'));
    dirs.push(dir);
    const files = writeStudio(studio, dir);
    commitStudioConfig(studio, files);
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] } });
    expect(git('log', '--format=%an %aI %s').trim().split('\n')).toEqual([
      'Studio Admin 2026-02-02T15:30:00+00:00 Access changes of the quarter',
      'Studio Admin 2026-01-05T10:00:00+00:00 Access as exported from the server',
    ]);
    // The work tree is the desired files, committed: nothing left to commit in access/.
    expect(git('status', '--porcelain', '--', 'access')).toBe('');
    const desired = renderDesiredFiles(studio);
    for (const file of desired)
      expect(readFileSync(join(dir, 'access', file.path), 'utf8')).toBe(file.text);
    // The first commit is the server's state, the second changed some lines: a file's
    // lines come from both.
    const blame = git('blame', '--porcelain', '--', 'access/users/users-001.yaml');
    const shas = new Set(blame.match(/^[0-9a-f]{40}(?= \d+ \d+)/gm));
    expect(shas.size).toBe(2);
  });

  it('holds report within 2× plan at M, 25 ms, and a failed format misses', () => {
    const step = (wallMs: number) => ({ wallMs, requests: 29, bytesReceived: 0, peakRssMb: 400 });
    const report: ReportResult = {
      server: { label: '25 ms', latencyMs: 25 },
      plan: { ...step(1000), changes: 1, operations: 1 },
      formats: [
        { format: 'json', step: step(1900), bytes: 86_000_000 },
        { format: 'csv', error: 'exit 1: Internal error: RangeError: Invalid string length' },
        { format: 'html', step: step(2100), bytes: 55_000_000 },
      ],
      review: { grants: 10, accessRows: 100, exceptions: 2 },
    };
    const results = [
      { size: { name: 'M', users: 10_000, projects: 500 }, latencies: [], reports: [report] },
    ] as unknown as SizeResult[];
    expect(reportTargets(results).map((t) => [t.target, t.met])).toEqual([
      ['M, 25 ms: report --format json --out FILE ≤ 2× plan', true],
      ['M, 25 ms: report --format csv --out FILE ≤ 2× plan', false],
      ['M, 25 ms: report --format html --out FILE ≤ 2× plan', false],
    ]);
    const table = reportTable(results).join('\n');
    expect(table).toContain('| M | 25 ms | 1.00 s | 400 MB | json | 1.90 s | 1.90× |');
    expect(table).toContain('82.0 MB (86,000,000 bytes)');
    expect(table).toContain('- M 25 ms `--format csv`: exit 1: Internal error');
    expect(reportTargets([])[0]?.met).toBeUndefined();
  });
});
