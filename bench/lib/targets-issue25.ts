import type { LatencyResult, SizeResult, Step } from './measure-size.js';
import { REALISTIC } from './server-models.js';
import {
  at,
  fmt,
  missing,
  perUser,
  perUserTargets,
  ratioTarget,
  rssTarget,
  type TargetResult,
} from './target-helpers.js';

/** The one-query script: as fast as plan at M, 25 ms, and finding the same changes. */
function scriptTargets(results: SizeResult[]): TargetResult[] {
  const m25 = at(results, 'M', '25 ms');
  const target = 'M, 25 ms: plan ≤ 1.0× the one-query script';
  const runs = results.flatMap((r) =>
    r.latencies.map((l) => ({ at: `${r.size.name} ${l.server.label}`, l })),
  );
  const differing = runs.filter(({ l }) => l.script.changes !== l.plan.changes);
  return [
    m25 === undefined
      ? missing(target, 'M at 25 ms not run')
      : ratioTarget(target, m25.plan.wallMs, m25.script.wallMs, 1.0),
    {
      target: 'the one-query script finds as many changes as plan',
      measured:
        differing.length === 0
          ? `the same at every size and server (${runs.map(({ at, l }) => `${at}: ${l.plan.changes}`).join('; ')})`
          : differing
              .map(({ at, l }) => `${at}: script ${l.script.changes}, plan ${l.plan.changes}`)
              .join('; '),
      met: runs.length === 0 ? undefined : differing.length === 0,
    },
  ];
}

function xlTargets(results: SizeResult[]): TargetResult[] {
  const xl = results.find((r) => r.size.name === 'XL');
  const perUserTarget = (s: string): string => `XL, ${s}: plan time per user within 1.2× of M`;
  return [
    rssTarget(results, 'XL', 400),
    ...(xl === undefined
      ? [missing(perUserTarget('every server'), 'XL not run (opt-in: --sizes …,XL)')]
      : perUserTargets(results, xl, 'M', perUserTarget, 1.2)),
  ];
}

/** The CLI's steps at one server: the most requests each had in flight. */
function cliInFlight(l: LatencyResult): [string, Step][] {
  const steps: [string, Step][] = [
    ['plan', l.plan],
    ['apply', l.apply],
  ];
  if (l.planOneFile !== undefined) steps.push(['plan one file', l.planOneFile]);
  if (l.commands !== undefined) {
    const c = l.commands;
    steps.push(['drift', c.drift], ['export', c.export], ['explain', c.explain]);
    steps.push(['apply --plan', c.applyPlan]);
  }
  return steps;
}

/** The realistic server model: never more in flight than its workers; faster than the script. */
function realisticTargets(results: SizeResult[]): TargetResult[] {
  const label = REALISTIC.label;
  const real = results.flatMap((r) => {
    const l = at(results, r.size.name, label);
    return l === undefined ? [] : [{ size: r.size.name, l }];
  });
  const workers = REALISTIC.workers!;
  const inFlightTarget = `${label}: the CLI never has more requests in flight than the server's ${workers} workers`;
  if (real.length === 0) {
    return [
      missing(inFlightTarget, 'the realistic server not run (--latencies …,real)'),
      missing(`${label}: plan faster than the one-query script`, 'not run'),
    ];
  }
  const seen = real.flatMap(({ size, l }) =>
    cliInFlight(l).map(([what, step]) => ({ what: `${size} ${what}`, n: step.maxInFlight ?? 0 })),
  );
  const targets: TargetResult[] = [
    {
      target: inFlightTarget,
      measured: `at most ${Math.max(...seen.map((s) => s.n))} (${seen.map((s) => `${s.what} ${s.n}`).join(', ')})`,
      met: seen.every((s) => s.n <= workers),
    },
  ];
  for (const { size, l } of real) {
    targets.push({
      target: `${size}, ${label}: plan faster than the one-query script`,
      measured: `${(l.plan.wallMs / l.script.wallMs).toFixed(2)}× the script's time (${fmt(l.plan.wallMs)} vs ${fmt(l.script.wallMs)})`,
      met: l.plan.wallMs < l.script.wallMs,
    });
  }
  const m = real.find((r) => r.size === 'M');
  if (m !== undefined) {
    targets.push(
      ratioTarget(
        `(also) M, ${label}: plan ≤ 1.5× the fetch floor (${m.l.floor.connections} in flight, ${m.l.floor.pageSize} rows a page)`,
        m.l.plan.wallMs,
        m.l.floor.wallMs,
        1.5,
      ),
    );
  }
  return targets;
}

/** CPU and GC of plan at M, 25 ms. */
function cpuTarget(m25: LatencyResult | undefined, users: number): TargetResult {
  const target = 'M, 25 ms: plan CPU ≤ 100 µs a user, GC under 5% of it';
  if (m25 === undefined) return missing(target, 'M at 25 ms not run');
  const cpu = m25.plan.cpuMs ?? Number.NaN;
  const gc = m25.plan.gcMs ?? Number.NaN;
  const share = gc / cpu;
  return {
    target,
    measured: `${perUser(cpu, users)} a user (${fmt(cpu)} CPU), GC ${(share * 100).toFixed(1)}% (${fmt(gc)} of pauses)`,
    met: (cpu / users) * 1000 <= 100 && share < 0.05,
  };
}

/** apply, apply --plan, drift, export and explain against plan at M, 25 ms. */
function commandTargets(results: SizeResult[]): TargetResult[] {
  const m25 = at(results, 'M', '25 ms');
  const users = results.find((r) => r.size.name === 'M')?.studio.users ?? 0;
  const commands = m25?.commands;
  const why = m25 === undefined ? 'M at 25 ms not run' : 'not run (--command-sizes M)';
  const against = (what: string, step: Step | undefined, limit: number): TargetResult => {
    const target = `M, 25 ms: ${what} ${limit === 1.2 ? 'within 1.2× of' : `≤ ${limit}×`} plan`;
    return step === undefined || m25 === undefined
      ? missing(target, why)
      : ratioTarget(target, step.wallMs, m25.plan.wallMs, limit);
  };
  return [
    cpuTarget(m25, users),
    against('apply (without --plan)', m25?.apply, 1.3),
    against('apply --plan', commands?.applyPlan, 1.3),
    against('drift', commands?.drift, 1.2),
    against('export', commands?.export, 1.2),
    against('explain --user', commands?.explain, 1.2),
  ];
}

/** validate ≤ 1.5× js-yaml's bare parse of the same files, at M (each layout). */
function validateTargets(all: SizeResult[]): TargetResult[] {
  const checks = all.find((r) => r.size.name === 'M')?.configCheck ?? [];
  if (checks.length === 0)
    return [missing("M: validate ≤ 1.5× js-yaml's bare parse", 'M config check not run')];
  return checks.map((c) =>
    ratioTarget(
      `M ${c.layout}: validate ≤ 1.5× js-yaml's bare parse`,
      c.validate.wallMs,
      c.jsYaml.wallMs,
      1.5,
    ),
  );
}

/** The targets of issue 25. `all` includes sizes measured for their config check only. */
export function issue25Targets(results: SizeResult[], all: SizeResult[]): TargetResult[] {
  return [
    ...scriptTargets(results),
    ...xlTargets(results),
    ...realisticTargets(results),
    ...commandTargets(results),
    ...validateTargets(all),
  ];
}
