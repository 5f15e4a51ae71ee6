import type { LatencyResult, PlanStep, SizeResult } from './measure-size.js';
import {
  at,
  fmt,
  missing,
  perUserTargets,
  rssTarget,
  type TargetResult,
} from './target-helpers.js';
import { issue25Targets } from './targets-issue25.js';
import { htmlReviewTargets, reportTargets } from './report-results.js';

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

/** The targets of issues 10 and 17 (L's peak RSS lowered by issue 25). */
function planTargets(results: SizeResult[]): TargetResult[] {
  const targets: TargetResult[] = [];
  const m25 = at(results, 'M', '25 ms');
  targets.push(...mediumTargets('M', m25, m25?.plan, 'M at 25 ms not run'));
  targets.push(
    ...mediumTargets(
      'M one file',
      m25,
      m25?.planOneFile,
      m25 === undefined ? 'M at 25 ms not run' : 'M one file not run',
    ),
  );
  targets.push(rssTarget(results, 'L', 300));
  const large = results.find((r) => r.size.name === 'L');
  if (large === undefined)
    targets.push(missing('L: plan time per user ≤ 1.5× size S', 'L not run'));
  else {
    targets.push(
      ...perUserTargets(
        results,
        large,
        'S',
        (s) => `L, ${s}: plan time per user ≤ 1.5× size S`,
        1.5,
      ),
      ...perUserTargets(
        results,
        large,
        'M',
        (s) => `(also) L, ${s}: plan time per user vs size M`,
        1.5,
      ).filter((t) => t.met !== undefined),
    );
  }
  const applies = results.flatMap((r) =>
    r.latencies.map((l) => ({ at: `${r.size.name} ${l.server.label}`, ...l.apply })),
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

/** The targets of issues 10, 17, 25 and 28, against this run's results. */
export function evaluateTargets(all: SizeResult[]): TargetResult[] {
  // Sizes measured for their config check only (`--config-only`) or their report only
  // (`--report-only`) have no plan to state, but their config check has a target
  // (validate ≤ 1.5× js-yaml), and their report one (≤ 2× plan, measured with it).
  const results = all.filter((r) => r.latencies.length > 0);
  return [
    ...planTargets(results),
    ...issue25Targets(results, all),
    ...reportTargets(all),
    ...htmlReviewTargets(all),
  ];
}
