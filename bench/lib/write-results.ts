import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { LONG_PROBE_MS } from './measure-config.js';
import type { LatencyResult, PlanStep, SizeResult, Step } from './measure-size.js';
import { reportTable } from './report-results.js';
import { REALISTIC } from './server-models.js';
import { fmt, type TargetResult } from './target-helpers.js';
import { evaluateTargets } from './targets.js';
import type { Layout } from './write-studio.js';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started and ended (other work on the machine). */
  loadAverage: [number, number];
}

export interface BenchReport {
  date: string;
  machine: Machine;
  results: SizeResult[];
  targets: TargetResult[];
}

export function describeMachine(loadAtStart: number): Machine {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${osType()} ${release()}`,
    node: process.version,
    loadAverage: [round(loadAtStart), round(loadavg()[0]!)],
  };
}

const round = (n: number): number => Math.round(n * 100) / 100;

const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

function floorCell(l: LatencyResult): string {
  const f = l.floor;
  const main = `${fmt(f.wallMs)} (${f.requests}${l.floorCliConnections === undefined ? '' : `, ${f.connections} in flight`})`;
  const cli = l.floorCliConnections;
  return cli === undefined ? main : `${main}; ${fmt(cli.wallMs)} with ${cli.connections}`;
}

function planRow(
  r: SizeResult,
  l: LatencyResult,
  layout: Layout,
  plan: PlanStep,
  apply: string,
): string {
  const a = l.baselineA;
  const baseline = `${fmt(a.estimatedMs)}${a.extrapolated ? ` (${a.sampled} sampled)` : ''}`;
  const script = `${fmt(l.script.wallMs)} (${l.script.requests})`;
  const gc = plan.gcMs === undefined ? '—' : fmt(plan.gcMs);
  return `| ${r.size.name} | ${layout} | ${r.studio.users.toLocaleString('en')} | ${l.server.label} | ${fmt(plan.wallMs)} | ${fmt(plan.cpuMs ?? 0)} | ${gc} | ${plan.requests} | ${mb(plan.bytesReceived)} | ${(plan.peakRssMb ?? 0).toFixed(0)} MB | ${plan.maxInFlight ?? '—'} | ${floorCell(l)} | ${script} | ${baseline} | ${apply} |`;
}

/** The plan and apply rows: one per size, server and layout planned. */
function planTable(results: SizeResult[]): string[] {
  const rows = results.flatMap((r) =>
    r.latencies.flatMap((l) => [
      planRow(
        r,
        l,
        'split',
        l.plan,
        `${l.apply.writeRequests} / ${l.apply.writeOperations} | ${fmt(l.apply.wallMs)} (${l.apply.requests} requests)`,
      ),
      ...(l.planOneFile === undefined ? [] : [planRow(r, l, 'one file', l.planOneFile, '— | —')]),
    ]),
  );
  if (rows.length === 0) return [];
  const real = results.some((r) => r.latencies.some((l) => l.server.label === REALISTIC.label));
  return [
    '| size | layout | users | server | plan | plan CPU | plan GC | requests | received | peak RSS | in flight | fetch floor (requests) | one-query script (requests) | baseline (a) | apply (write requests / ops) | apply time |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    ...(real
      ? [
          `Server \`real\`: ${REALISTIC.latencyMs} ms a request, ${REALISTIC.perRowMs} ms a row, ${REALISTIC.workers} workers, at most ${REALISTIC.pageSizeLimit} rows a page (bench/lib/server-models.ts); its fetch floor pages at ${REALISTIC.pageSizeLimit} rows with ${REALISTIC.workers} requests in flight, then with 8.`,
          '',
        ]
      : []),
  ];
}

/** drift, export, explain, apply and apply --plan beside plan (the sizes of --command-sizes). */
function commandTable(results: SizeResult[]): string[] {
  const cell = (step: Step, plan: PlanStep): string =>
    `${fmt(step.wallMs)} (${(step.wallMs / plan.wallMs).toFixed(2)}×)`;
  const rows = results.flatMap((r) =>
    r.latencies.flatMap((l) => {
      const c = l.commands;
      if (c === undefined) return [];
      const cells = [l.apply, c.applyPlan, c.drift, c.export, c.explain].map((s) =>
        cell(s, l.plan),
      );
      return [
        `| ${r.size.name} | ${l.server.label} | ${fmt(l.plan.wallMs)} | ${cells.join(' | ')} |`,
      ];
    }),
  );
  if (rows.length === 0) return [];
  return [
    'The other commands, each against plan (same size and server):',
    '',
    '| size | server | plan | apply | apply --plan | drift | export | explain --user |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ];
}

const range = (values: number[]): string => {
  const [low, high] = [Math.min(...values), Math.max(...values)].map((v) => v.toFixed(0));
  return low === high ? `${low} ms` : `${low}–${high} ms`;
};

/** The config check beside the bare parses of the same files (issue 16). */
function configTable(results: SizeResult[]): string[] {
  const checks = results.flatMap((r) => (r.configCheck ?? []).map((c) => ({ size: r.size, c })));
  if (checks.length === 0) return [];
  const runs = [...new Set(checks.map(({ c }) => c.runs))].join(' or ');
  const once = checks.flatMap(({ size, c }) =>
    (['jsYaml', 'yaml', 'check', 'validate'] as const)
      .filter((mode) => c[mode].runs < c.runs)
      .map((mode) => `${size.name} ${c.layout} ${mode === 'jsYaml' ? 'js-yaml' : mode}`),
  );
  const lines = [
    `Config check (files → validated desired state), each mode in a fresh node process, median of ${runs} runs${once.length === 0 ? '' : ` (run once, over ${LONG_PROBE_MS / 1000} s: ${once.join(', ')})`}:`,
    '',
    '| size | layout | files | bytes | js-yaml parse | yaml parse | check | check / js-yaml | validate | validate / js-yaml |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { size, c } of checks) {
    lines.push(
      `| ${size.name} | ${c.layout} | ${c.files} | ${mb(c.bytes)} | ${fmt(c.jsYaml.wallMs)} | ${fmt(c.yaml.wallMs)} | ${fmt(c.check.wallMs)} | ${(c.check.wallMs / c.jsYaml.wallMs).toFixed(2)}× | ${fmt(c.validate.wallMs)} | ${(c.validate.wallMs / c.jsYaml.wallMs).toFixed(2)}× |`,
    );
  }
  const all = checks.map(({ c }) => c);
  const rss = checks.map(
    ({ size, c }) => `${size.name} ${c.layout} ${c.check.peakRssMb.toFixed(0)} MB`,
  );
  lines.push(
    '',
    `Times exclude node's start-up and loading the measured modules (js-yaml ${range(all.map((c) => c.jsYaml.importMs))}, yaml ${range(all.map((c) => c.yaml.importMs))}, the check's modules ${range(all.map((c) => c.check.importMs))}, validate's ${range(all.map((c) => c.validate.importMs))}). Peak RSS of the check process: ${rss.join(', ')}.`,
    '',
  );
  return lines;
}

function studioLine(r: SizeResult): string {
  const s = r.studio;
  const plan = r.latencies[0]?.plan ?? r.reports?.[0]?.plan;
  return `- ${r.size.name}: ${s.users} users, ${s.projects} projects (${s.privateProjects} private), ${s.roles} roles, ${s.roleAssignments} role assignments, ${s.grants} grants; the desired files differ in ${s.differingGrants} grants (${((s.differingGrants / s.grants) * 100).toFixed(1)}%)${plan === undefined ? '' : `, plan: ${plan.changes} changes, ${plan.operations} operations`}.`;
}

/** The Markdown tables of a run (also what the README shows). */
export function renderMarkdown(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `# ftrack-roles benchmark, ${report.date}`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; load average ${m.loadAverage[0]} at the start, ${m.loadAverage[1]} at the end. Emulator in its own process; the CLI (\`node dist/cli/bin.js\`) spawned per run.`,
    '',
    ...planTable(report.results),
    ...commandTable(report.results),
    ...reportTable(report.results),
    ...configTable(report.results),
    '| target | measured | met |',
    '|---|---|---|',
  ];
  for (const t of report.targets) {
    lines.push(
      `| ${t.target} | ${t.measured} | ${t.met === undefined ? 'not run' : t.met ? 'yes' : '**no**'} |`,
    );
  }
  lines.push('', 'Studios:', '', ...report.results.map(studioLine));
  return `${lines.join('\n')}\n`;
}

/**
 * Writes `<dir>/<date>.json` and `<dir>/<date>.md` (`<date>-<label>.*` with a label, so
 * that a partial run does not replace the day's full one); returns their paths.
 */
export function writeResults(
  dir: string,
  results: SizeResult[],
  loadAtStart: number,
  label?: string,
): { json: string; markdown: string; report: BenchReport } {
  const date = new Date().toISOString().slice(0, 10);
  const report: BenchReport = {
    date,
    machine: describeMachine(loadAtStart),
    results,
    targets: evaluateTargets(results),
  };
  mkdirSync(dir, { recursive: true });
  const name = label === undefined ? date : `${date}-${label}`;
  const json = join(dir, `${name}.json`);
  const markdown = join(dir, `${name}.md`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdown, renderMarkdown(report));
  return { json, markdown, report };
}
