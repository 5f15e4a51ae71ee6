/**
 * Summarises a V8 `.cpuprofile` (from `node bench/run.js --cpu-prof DIR`):
 *
 *   node dist/bench/summarize-profile.js FILE [--top N] [--phases fn1,fn2,...]
 *
 * Prints the functions with the most self time, the most inclusive time, and for each
 * named function the wall-clock span in which it was on the stack and its CPU time.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const DEFAULT_PHASES = [
  'checkConfigFiles',
  'parseConfigText',
  'buildDesiredSteps',
  'startCurrentStateRead',
  'preparePlan',
  'completePlan',
  'indexForPlan',
  'computeStateDigest',
  'applyPlan',
  'verifyApplied',
  '(garbage collector)',
  '(idle)',
];

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\/.*?\/(?=(dist|node_modules)\/)/, '');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

export function summarizeProfile(profile: Profile, top: number, phases: string[]): string {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const spans = new Map<string, { from: number; to: number; cpu: number }>();
  let time = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i + 1] ?? 0;
    time += profile.timeDeltas[i] ?? 0;
    const leaf = nodes.get(id)!;
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + delta);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = nodes.get(cur)!;
      const key = label(node);
      if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + delta);
      seen.add(key);
      const name = node.callFrame.functionName;
      if (phases.includes(name) && !seen.has(`phase:${name}`)) {
        seen.add(`phase:${name}`);
        const span = spans.get(name) ?? { from: time, to: time, cpu: 0 };
        span.to = time;
        span.cpu += delta;
        spans.set(name, span);
      }
    }
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const ms = (us: number): string => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const rank = (map: Map<string, number>): string[] =>
    [...map]
      .filter(([key]) => !key.includes('node:internal') && !key.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => `${ms(us)} ${((us / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  const lines = [`profile: ${ms(profile.endTime - profile.startTime).trim()}`, '', 'self time:'];
  lines.push(...rank(self), '', 'inclusive time:', ...rank(inclusive), '', 'phases:');
  for (const name of phases) {
    const span = spans.get(name);
    if (span === undefined) continue;
    lines.push(
      `${name.padEnd(22)} ${ms(span.from)} → ${ms(span.to)}, on the stack ${ms(span.cpu)}`,
    );
  }
  return lines.join('\n');
}

const invokedDirectly = process.argv[1]?.endsWith('summarize-profile.js') === true;
if (invokedDirectly) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' }, phases: { type: 'string' } },
  });
  const phases = values.phases === undefined ? DEFAULT_PHASES : values.phases.split(',');
  for (const file of positionals) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    console.log(`${file}\n${summarizeProfile(profile, Number(values.top), phases)}\n`);
  }
}
