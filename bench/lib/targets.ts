import type { LatencyResult, PlanStep, SizeResult } from './measure-size.js';

export interface TargetResult {
  target: string;
  /** The measured figure, in words. */
  measured: string;
  /** undefined: not measured in this run (size or latency not selected). */
  met: boolean | undefined;
}

function at(results: SizeResult[], size: string, latencyMs: number): LatencyResult | undefined {
  return results
    .find((r) => r.size.name === size)
    ?.latencies.find((l) => l.latencyMs === latencyMs);
}

const missing = (target: string, why: string): TargetResult => ({
  target,
  measured: why,
  met: undefined,
});

/** The two targets of M at 25 ms for one layout's plan (`label`: `M` or `M one file`). */
function mediumTargets(
  label: string,
  m25: LatencyResult | undefined,
  plan: PlanStep | undefined,
  why: string,
): TargetResult[] {
  const floorTarget = `${label}, 25 ms: plan ≤ 1.5× the fetch floor`;
  const baselineTarget = `${label}, 25 ms: plan ≥ 50× faster than baseline (a)`;
  if (m25 === undefined || plan === undefined) {
    return [missing(floorTarget, why), missing(baselineTarget, why)];
  }
  const ratio = plan.wallMs / m25.floor.wallMs;
  const speedup = m25.baselineA.estimatedMs / plan.wallMs;
  return [
    {
      target: floorTarget,
      measured: `${ratio.toFixed(2)}× (${fmt(plan.wallMs)} vs ${fmt(m25.floor.wallMs)})`,
      met: ratio <= 1.5,
    },
    {
      target: baselineTarget,
      measured: `${speedup.toFixed(1)}× (${fmt(m25.baselineA.estimatedMs)}${m25.baselineA.extrapolated ? ' extrapolated' : ''} vs ${fmt(plan.wallMs)})`,
      met: speedup >= 50,
    },
  ];
}

/** The targets of issue 10 (and the one-file rows of issue 17), against this run's results. */
export function evaluateTargets(all: SizeResult[]): TargetResult[] {
  // Sizes measured for their config check only (`--config-only`) have no plan to state.
  const results = all.filter((r) => r.latencies.length > 0);
  const targets: TargetResult[] = [];
  const m25 = at(results, 'M', 25);
  targets.push(...mediumTargets('M', m25, m25?.plan, 'M at 25 ms not run'));
  targets.push(
    ...mediumTargets(
      'M one file',
      m25,
      m25?.planOneFile,
      m25 === undefined ? 'M at 25 ms not run' : 'M one file not run',
    ),
  );
  const large = results.find((r) => r.size.name === 'L');
  const small = results.find((r) => r.size.name === 'S');
  const rssTarget = 'L: plan peak RSS ≤ 400 MB';
  if (large === undefined) targets.push(missing(rssTarget, 'L not run'));
  else {
    const rss = Math.max(...large.latencies.map((l) => l.plan.peakRssMb ?? 0));
    targets.push({ target: rssTarget, measured: `${rss.toFixed(0)} MB`, met: rss <= 400 });
  }
  for (const latency of large === undefined ? [] : large.latencies) {
    const target = `L, ${latency.latencyMs} ms: plan time per user ≤ 1.5× size S`;
    const base = small === undefined ? undefined : at(results, 'S', latency.latencyMs);
    if (base === undefined) targets.push(missing(target, 'S not run at this latency'));
    else {
      const users = large!.studio.users;
      const ratio = latency.plan.wallMs / users / (base.plan.wallMs / small!.studio.users);
      const cpu =
        (latency.plan.cpuMs ?? 0) / users / ((base.plan.cpuMs ?? 0) / small!.studio.users);
      targets.push({
        target,
        measured: `${ratio.toFixed(2)}× wall (${perUser(latency.plan.wallMs, users)} vs ${perUser(base.plan.wallMs, small!.studio.users)} per user); CPU ${cpu.toFixed(2)}×`,
        met: ratio <= 1.5,
      });
    }
  }
  if (large === undefined)
    targets.push(missing('L: plan time per user ≤ 1.5× size S', 'L not run'));
  const medium = results.find((r) => r.size.name === 'M');
  for (const latency of large === undefined || medium === undefined ? [] : large.latencies) {
    const base = at(results, 'M', latency.latencyMs);
    if (base === undefined) continue;
    const ratio =
      latency.plan.wallMs / large!.studio.users / (base.plan.wallMs / medium!.studio.users);
    targets.push({
      target: `(also) L, ${latency.latencyMs} ms: plan time per user vs size M`,
      measured: `${ratio.toFixed(2)}× (${perUser(latency.plan.wallMs, large!.studio.users)} vs ${perUser(base.plan.wallMs, medium!.studio.users)} per user)`,
      met: ratio <= 1.5,
    });
  }
  const applies = results.flatMap((r) =>
    r.latencies.map((l) => ({ at: `${r.size.name} ${l.latencyMs} ms`, ...l.apply })),
  );
  if (applies.length > 0) {
    targets.push({
      target: 'apply sends its changes in one request',
      measured: applies
        .map((a) => `${a.at}: ${a.writeRequests} (${a.writeOperations} operations)`)
        .join('; '),
      met: applies.every((a) => a.writeRequests === 1),
    });
  }
  return targets;
}

export function fmt(ms: number): string {
  return ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${ms.toFixed(0)} ms`;
}

function perUser(ms: number, users: number): string {
  return `${((ms / users) * 1000).toFixed(0)} µs`;
}
