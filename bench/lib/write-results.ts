import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import type { SizeResult } from './measure-size.js';
import { evaluateTargets, fmt, type TargetResult } from './targets.js';

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

/** The Markdown table of a run (also what the README shows). */
export function renderMarkdown(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `# ftrack-roles benchmark, ${report.date}`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; load average ${m.loadAverage[0]} at the start, ${m.loadAverage[1]} at the end. Emulator in its own process; the CLI (\`node dist/cli/bin.js\`) spawned per run.`,
    '',
    '| size | users | latency | plan | plan CPU | requests | received | peak RSS | fetch floor (requests) | baseline (a) | apply (write requests / ops) | apply time |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of report.results) {
    for (const l of r.latencies) {
      const a = l.baselineA;
      const baseline = `${fmt(a.estimatedMs)}${a.extrapolated ? ` (${a.sampled} sampled)` : ''}`;
      lines.push(
        `| ${r.size.name} | ${r.studio.users.toLocaleString('en')} | ${l.latencyMs} ms | ${fmt(l.plan.wallMs)} | ${fmt(l.plan.cpuMs ?? 0)} | ${l.plan.requests} | ${mb(l.plan.bytesReceived)} | ${(l.plan.peakRssMb ?? 0).toFixed(0)} MB | ${fmt(l.floor.wallMs)} (${l.floor.requests}) | ${baseline} | ${l.apply.writeRequests} / ${l.apply.writeOperations} | ${fmt(l.apply.wallMs)} (${l.apply.requests} requests) |`,
      );
    }
  }
  lines.push('', '| target | measured | met |', '|---|---|---|');
  for (const t of report.targets) {
    lines.push(
      `| ${t.target} | ${t.measured} | ${t.met === undefined ? 'not run' : t.met ? 'yes' : '**no**'} |`,
    );
  }
  lines.push('', 'Studios:', '');
  for (const r of report.results) {
    const s = r.studio;
    lines.push(
      `- ${r.size.name}: ${s.users} users, ${s.projects} projects (${s.privateProjects} private), ${s.roles} roles, ${s.roleAssignments} role assignments, ${s.grants} grants; the desired files differ in ${s.differingGrants} grants (${((s.differingGrants / s.grants) * 100).toFixed(1)}%), plan: ${r.latencies[0]?.plan.changes ?? 0} changes, ${r.latencies[0]?.plan.operations ?? 0} operations.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `<dir>/<date>.json` and `<dir>/<date>.md`; returns their paths. */
export function writeResults(
  dir: string,
  results: SizeResult[],
  loadAtStart: number,
): { json: string; markdown: string; report: BenchReport } {
  const date = new Date().toISOString().slice(0, 10);
  const report: BenchReport = {
    date,
    machine: describeMachine(loadAtStart),
    results,
    targets: evaluateTargets(results),
  };
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${date}.json`);
  const markdown = join(dir, `${date}.md`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdown, renderMarkdown(report));
  return { json, markdown, report };
}
