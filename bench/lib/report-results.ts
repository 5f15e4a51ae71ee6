import type { SizeResult } from './measure-size.js';
import type { ReportResult } from './measure-report.js';
import { fmt, missing, ratioTarget, type TargetResult } from './target-helpers.js';

/** The access review's limit against plan (issue 28). */
const REPORT_LIMIT = 2;

const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

/** The report of one size at one server (`0 ms`, `25 ms`, `real`). */
function reportAt(results: SizeResult[], size: string, server: string): ReportResult | undefined {
  return results.find((r) => r.size.name === size)?.reports?.find((r) => r.server.label === server);
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
  ];
}
