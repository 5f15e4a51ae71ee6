import type { LatencyResult, SizeResult } from './measure-size.js';

export interface TargetResult {
  target: string;
  /** The measured figure, in words. */
  measured: string;
  /** undefined: not measured in this run (size or server not selected). */
  met: boolean | undefined;
}

/** The results of one size against one server (`0 ms`, `25 ms`, `real`). */
export function at(results: SizeResult[], size: string, server: string): LatencyResult | undefined {
  return results
    .find((r) => r.size.name === size)
    ?.latencies.find((l) => l.server.label === server);
}

export const missing = (target: string, why: string): TargetResult => ({
  target,
  measured: why,
  met: undefined,
});

export function fmt(ms: number): string {
  return ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${ms.toFixed(0)} ms`;
}

export function perUser(ms: number, users: number): string {
  return `${((ms / users) * 1000).toFixed(0)} µs`;
}

/** `a` against `b` as a ratio target: `1.23× (a vs b)`, met when ≤ `limit`. */
export function ratioTarget(target: string, a: number, b: number, limit: number): TargetResult {
  const ratio = a / b;
  return {
    target,
    measured: `${ratio.toFixed(2)}× (${fmt(a)} vs ${fmt(b)})`,
    met: ratio <= limit,
  };
}

/** Plan time per user of `big` against `base` at every server both ran (`limit`×). */
export function perUserTargets(
  results: SizeResult[],
  big: SizeResult,
  baseName: string,
  target: (server: string) => string,
  limit: number,
): TargetResult[] {
  const base = results.find((r) => r.size.name === baseName);
  return big.latencies.map((latency) => {
    const label = latency.server.label;
    const other = at(results, baseName, label);
    if (base === undefined || other === undefined)
      return missing(target(label), `${baseName} not run at this server`);
    const users = big.studio.users;
    const baseUsers = base.studio.users;
    const ratio = latency.plan.wallMs / users / (other.plan.wallMs / baseUsers);
    const cpu = (latency.plan.cpuMs ?? 0) / users / ((other.plan.cpuMs ?? 0) / baseUsers);
    return {
      target: target(label),
      measured: `${ratio.toFixed(2)}× wall (${perUser(latency.plan.wallMs, users)} vs ${perUser(other.plan.wallMs, baseUsers)} per user); CPU ${cpu.toFixed(2)}×`,
      met: ratio <= limit,
    };
  });
}

/** Peak RSS of `plan` at one size, over every server. */
export function rssTarget(results: SizeResult[], size: string, limitMb: number): TargetResult {
  const target = `${size}: plan peak RSS ≤ ${limitMb} MB`;
  const measured = results.find((r) => r.size.name === size);
  if (measured === undefined) return missing(target, `${size} not run`);
  const rss = Math.max(...measured.latencies.map((l) => l.plan.peakRssMb ?? 0));
  return { target, measured: `${rss.toFixed(0)} MB`, met: rss <= limitMb };
}
