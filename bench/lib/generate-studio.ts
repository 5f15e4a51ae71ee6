import {
  countDifference,
  countGrants,
  mutateHoldings,
  randomScope,
  type GeneratedProject,
  type Holdings,
} from './holdings.js';
import { createRandom, type Random } from './random.js';

export type { GeneratedProject, GeneratedScope, Holdings } from './holdings.js';

/** A studio size of issue 10 (XL: issue 25). */
export interface StudioSize {
  name: string;
  users: number;
  projects: number;
}

/**
 * XL keeps L's 25 users a project (projects grow more slowly than users from S to L: 10,
 * 20, 25 users a project); the 40 roles are the same at every size.
 */
export const SIZES: Readonly<Record<'S' | 'M' | 'L' | 'XL', StudioSize>> = {
  S: { name: 'S', users: 1_000, projects: 100 },
  M: { name: 'M', users: 10_000, projects: 500 },
  L: { name: 'L', users: 50_000, projects: 2_000 },
  XL: { name: 'XL', users: 100_000, projects: 4_000 },
};

export interface GeneratedUser {
  username: string;
  /** What the server holds (the emulator seed). */
  current: Holdings;
  /** What the desired files say (current plus the ~2% difference). */
  desired: Holdings;
}

export interface Studio {
  size: StudioSize;
  seed: number;
  roles: string[];
  projects: GeneratedProject[];
  users: GeneratedUser[];
  /** The API user: Administrator on all open projects, ignored by the config. */
  apiUser: { username: string; apiKey: string };
}

export const ROLE_COUNT = 40;
export const PRIVATE_SHARE = 0.1;
export const DIFFERENCE_SHARE = 0.02;

const DEPARTMENTS = [
  'Animation',
  'Lighting',
  'Comp',
  'FX',
  'Modeling',
  'Rigging',
  'Layout',
  'Editorial',
];
const LEVELS = ['Artist', 'Lead', 'Supervisor', 'Coordinator', 'Reviewer'];

/** Administrator plus 39 department roles: 40 PROJECT roles. */
export function roleNames(): string[] {
  const names = DEPARTMENTS.flatMap((d) => LEVELS.map((l) => `${d} ${l}`));
  return ['Administrator', ...names.slice(0, ROLE_COUNT - 1)];
}

/** Builds the same studio for the same size and seed, whatever the machine. */
export function generateStudio(size: StudioSize, seed = 1): Studio {
  const random = createRandom(seed * 7919 + size.users);
  const roles = roleNames();
  const projects = generateProjects(size.projects, random);
  const grantable = roles.slice(1); // nobody but the API user holds Administrator
  const users: GeneratedUser[] = [];
  const width = String(size.users).length;
  for (let i = 1; i <= size.users; i++) {
    const current = generateHoldings(random, grantable, projects);
    users.push({ username: `artist-${String(i).padStart(width, '0')}`, current, desired: current });
  }
  applyDifference(users, random, grantable, projects);
  return {
    size,
    seed,
    roles,
    projects,
    users,
    apiUser: { username: 'svc-bench', apiKey: 'bench-key' },
  };
}

/** `count` projects, exactly 10% (rounded) of them private, spread at random. */
function generateProjects(count: number, random: Random): GeneratedProject[] {
  const width = String(count).length;
  const indexes = Array.from({ length: count }, (_, i) => i);
  const privateSet = new Set(random.sample(indexes, Math.round(count * PRIVATE_SHARE)));
  return indexes.map((i) => {
    const number = String(i + 1).padStart(width, '0');
    return { name: `show-${number}`, fullName: `Show ${number}`, isPrivate: privateSet.has(i) };
  });
}

/** 2–4 roles (3 on average); a third all-open, the rest on 1–10 projects. */
function generateHoldings(
  random: Random,
  grantable: readonly string[],
  projects: readonly GeneratedProject[],
): Holdings {
  const holdings: Holdings = {};
  for (const role of random.sample(grantable, random.int(2, 4))) {
    holdings[role] = randomScope(random, projects);
  }
  return holdings;
}

/** Changes the desired holdings of distinct random users until ~2% of grants differ. */
function applyDifference(
  users: GeneratedUser[],
  random: Random,
  grantable: readonly string[],
  projects: readonly GeneratedProject[],
): void {
  const total = users.reduce((n, u) => n + countGrants(u.current), 0);
  const target = Math.round(total * DIFFERENCE_SHARE);
  let differing = 0;
  for (const user of random.shuffle(users)) {
    if (differing >= target) break;
    user.desired = mutateHoldings(user.current, random, grantable, projects);
    differing += countDifference(user.current, user.desired);
  }
}
