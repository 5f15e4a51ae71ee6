import type { Random } from './random.js';

/** The scope of one (user, role) pair. */
export interface GeneratedScope {
  allOpen: boolean;
  projects: string[];
}

/** role name → scope. */
export type Holdings = Record<string, GeneratedScope>;

export interface GeneratedProject {
  name: string;
  fullName: string;
  isPrivate: boolean;
}

export const ALL_OPEN_SHARE = 1 / 3;

/** A third all-open (no project grants), the rest on 1–10 distinct projects. */
export function randomScope(random: Random, projects: readonly GeneratedProject[]): GeneratedScope {
  if (random.next() < ALL_OPEN_SHARE) return { allOpen: true, projects: [] };
  return projectScope(random, projects);
}

/** 1–10 distinct projects, sorted by name. */
export function projectScope(
  random: Random,
  projects: readonly GeneratedProject[],
): GeneratedScope {
  const chosen = random.sample(projects, random.int(1, Math.min(10, projects.length)));
  return { allOpen: false, projects: chosen.map((p) => p.name).sort() };
}

/** The grant units of one scope: `*` for all open projects, then each project. */
export function scopeUnits(scope: GeneratedScope | undefined): Set<string> {
  if (scope === undefined) return new Set();
  const units = new Set(scope.projects);
  if (scope.allOpen) units.add('*');
  return units;
}

/** Grant units of holdings: every all-open flag and every project grant. */
export function countGrants(holdings: Holdings): number {
  let count = 0;
  for (const scope of Object.values(holdings)) count += scopeUnits(scope).size;
  return count;
}

/** Grant units that differ between two holdings (symmetric difference, per role). */
export function countDifference(a: Holdings, b: Holdings): number {
  let count = 0;
  for (const role of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const left = scopeUnits(a[role]);
    const right = scopeUnits(b[role]);
    for (const unit of left) if (!right.has(unit)) count++;
    for (const unit of right) if (!left.has(unit)) count++;
  }
  return count;
}

type Mutation = 'grant' | 'revoke' | 'assign' | 'remove' | 'flip-all-open';

/** Mutation kinds with their weights (of 100). */
const MUTATIONS: [Mutation, number][] = [
  ['grant', 35],
  ['revoke', 25],
  ['assign', 15],
  ['remove', 10],
  ['flip-all-open', 15],
];

function pickMutation(random: Random): Mutation {
  let roll = random.int(1, 100);
  for (const [kind, weight] of MUTATIONS) {
    roll -= weight;
    if (roll <= 0) return kind;
  }
  return 'grant';
}

/**
 * A changed copy of `holdings`: one grant, revoke, role assignment, role removal or
 * all-open flip. Falls back to a grant when the drawn kind does not fit the user.
 */
export function mutateHoldings(
  holdings: Holdings,
  random: Random,
  grantable: readonly string[],
  projects: readonly GeneratedProject[],
): Holdings {
  const next: Holdings = {};
  for (const [role, scope] of Object.entries(holdings)) {
    next[role] = { allOpen: scope.allOpen, projects: [...scope.projects] };
  }
  const held = Object.keys(next);
  const kind = pickMutation(random);
  const role = random.pick(held);
  const scope = next[role]!;
  if (kind === 'assign') {
    const free = grantable.filter((r) => next[r] === undefined);
    if (free.length > 0) {
      next[random.pick(free)] = randomScope(random, projects);
      return next;
    }
  } else if (kind === 'remove' && held.length >= 2) {
    delete next[role];
    return next;
  } else if (kind === 'revoke' && scope.projects.length >= 2) {
    scope.projects.splice(random.int(0, scope.projects.length - 1), 1);
    return next;
  } else if (kind === 'flip-all-open') {
    next[role] = scope.allOpen ? projectScope(random, projects) : { allOpen: true, projects: [] };
    return next;
  }
  return grantOne(next, random, projects);
}

/** Adds one project the user's role lacks (or turns on all-open when every project is held). */
function grantOne(next: Holdings, random: Random, projects: readonly GeneratedProject[]): Holdings {
  const candidates = Object.entries(next).filter(([, s]) => !s.allOpen);
  if (candidates.length === 0) {
    const [role] = Object.keys(next);
    next[role!] = projectScope(random, projects);
    return next;
  }
  const [, scope] = random.pick(candidates);
  const missing = projects.filter((p) => !scope.projects.includes(p.name));
  if (missing.length === 0) scope.allOpen = true;
  else scope.projects = [...scope.projects, random.pick(missing).name].sort();
  return next;
}
