import type { DesiredState } from '../desired/types.js';
import { compareStrings, type RoleName, type UserName } from '../model/index.js';
import {
  EXCEPTION_KINDS,
  type ExceptionKind,
  type ReviewException,
  type ReviewGrant,
  type ReviewProject,
  type ReviewSummary,
  type ReviewUser,
} from './access-review-types.js';

/** One user × role × project: how the role reaches the project, and the grants behind it. */
export interface AccessRow {
  user: UserName;
  role: RoleName;
  project: string;
  /** Through the role's all-open projects (the project is open). */
  all_open: boolean;
  /** Through an explicit grant of the project. */
  granted: boolean;
  /** The grants giving it (the all-open one first); shared between rows: do not change it. */
  grants: readonly ReviewGrant[];
}

/**
 * The grants expanded to user × role × project (all-open grants to every open project),
 * sorted by user, role, project: the rows of the CSV view and of the summary's counts.
 * Calls `visit` per row, so a large review is never held expanded.
 */
export function forEachAccessRow(
  grants: readonly ReviewGrant[],
  projects: readonly ReviewProject[],
  visit: (row: AccessRow) => void,
): void {
  const open = projects
    .filter((p) => !p.private)
    .map((p) => p.name)
    .sort(compareStrings);
  const isOpen = new Set(open);
  let i = 0;
  while (i < grants.length) {
    const first = grants[i]!;
    let allOpen: ReviewGrant | undefined;
    const explicit = new Map<string, ReviewGrant>();
    for (; i < grants.length; i++) {
      const grant = grants[i]!;
      if (grant.user !== first.user || grant.role !== first.role) break;
      if (grant.project === null) allOpen ??= grant;
      else explicit.set(grant.project, grant);
    }
    // The projects reached, sorted: the open ones (sorted once) merged with the granted
    // ones they do not cover (a few), instead of sorting hundreds of names per user × role.
    const base = allOpen === undefined ? [] : open;
    const extra = [...explicit.keys()]
      .filter((name) => allOpen === undefined || !isOpen.has(name))
      .sort(compareStrings);
    const onlyOpen = allOpen === undefined ? [] : [allOpen];
    let a = 0;
    let b = 0;
    while (a < base.length || b < extra.length) {
      const project =
        b >= extra.length || (a < base.length && compareStrings(base[a]!, extra[b]!) < 0)
          ? base[a++]!
          : extra[b++]!;
      const reachedOpen = allOpen !== undefined && isOpen.has(project);
      const grant = explicit.get(project);
      visit({
        user: first.user,
        role: first.role,
        project,
        all_open: reachedOpen,
        granted: grant !== undefined,
        grants: grant === undefined ? onlyOpen : reachedOpen ? [allOpen!, grant] : [grant],
      });
    }
  }
}

/**
 * The rows of forEachAccessRow counted without visiting them (an all-open grant of a
 * large studio is hundreds of rows): per user × role, the open projects when it holds
 * all-open, plus its granted projects those do not cover. Adds them to each role's and
 * project's `access_rows`; returns the total.
 */
function countAccessRows(
  grants: readonly ReviewGrant[],
  projects: readonly ReviewProject[],
  perRole: ReviewSummary['per_role'],
  perProject: ReviewSummary['per_project'],
): number {
  const isOpen = new Set(projects.filter((p) => !p.private).map((p) => p.name));
  let total = 0;
  let allOpenPairs = 0; // user × role pairs holding all-open: a row on every open project
  let i = 0;
  while (i < grants.length) {
    const first = grants[i]!;
    let end = i;
    let allOpen = false;
    while (
      end < grants.length &&
      grants[end]!.user === first.user &&
      grants[end]!.role === first.role
    ) {
      if (grants[end]!.project === null) allOpen = true;
      end++;
    }
    // The projects granted by name, each once (sorted: a project twice is next to itself),
    // but for the open ones all-open already reaches.
    let rows = allOpen ? isOpen.size : 0;
    let previous: string | null = null;
    for (; i < end; i++) {
      const project = grants[i]!.project;
      if (project === null || project === previous) continue;
      previous = project;
      if (allOpen && isOpen.has(project)) continue;
      rows++;
      perProject[project]!.access_rows++;
    }
    if (allOpen) allOpenPairs++;
    perRole[first.role]!.access_rows += rows;
    total += rows;
  }
  for (const name of isOpen) perProject[name]!.access_rows += allOpenPairs;
  return total;
}

export function summarizeReview(input: {
  desired: DesiredState;
  users: readonly ReviewUser[];
  projects: readonly ReviewProject[];
  grants: readonly ReviewGrant[];
  exceptions: readonly ReviewException[];
}): ReviewSummary {
  const { users, projects, grants, exceptions } = input;
  const perRole: ReviewSummary['per_role'] = {};
  const holders = new Map<RoleName, Set<UserName>>();
  for (const g of grants) {
    const entry = (perRole[g.role] ??= { holders: 0, grants: 0, access_rows: 0 });
    entry.grants++;
    let set = holders.get(g.role);
    if (set === undefined) holders.set(g.role, (set = new Set()));
    set.add(g.user);
  }
  for (const [role, set] of holders) perRole[role]!.holders = set.size;
  const perProject: ReviewSummary['per_project'] = {};
  for (const p of projects) perProject[p.name] = { users: p.users, access_rows: 0 };
  const rows = countAccessRows(grants, projects, perRole, perProject);
  const perGroup: ReviewSummary['per_config_group'] = {};
  for (const name of [...input.desired.groups.keys()].sort(compareStrings)) {
    perGroup[name] = { members: 0, grants: 0 };
  }
  for (const u of users) {
    for (const g of u.config_groups) if (perGroup[g] !== undefined) perGroup[g].members++;
  }
  for (const g of grants) {
    // Each config group once per grant (a grant has a source or two: no set needed).
    const sources = g.sources;
    for (let k = 0; k < sources.length; k++) {
      const group = sources[k]!.config_group;
      if (group === null || perGroup[group] === undefined) continue;
      let counted = false;
      for (let j = 0; j < k && !counted; j++) counted = sources[j]!.config_group === group;
      if (!counted) perGroup[group].grants++;
    }
  }
  const counts = Object.fromEntries(EXCEPTION_KINDS.map((k) => [k, 0])) as Record<
    ExceptionKind,
    number
  >;
  for (const e of exceptions) counts[e.kind]++;
  return {
    users: users.length,
    active_users: users.filter((u) => u.active).length,
    holders: users.filter((u) => u.roles.length > 0).length,
    projects: projects.length,
    private_projects: projects.filter((p) => p.private).length,
    grants: grants.length,
    undeclared_grants: grants.filter((g) => !g.declared).length,
    access_rows: rows,
    per_role: sortKeys(perRole),
    per_project: perProject,
    per_config_group: perGroup,
    exceptions: { ...counts, total: exceptions.length },
  };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareStrings(a, b)));
}
