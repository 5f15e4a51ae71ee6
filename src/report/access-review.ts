import type { CurrentState } from '../current/types.js';
import type { DesiredGrant, DesiredState, DesiredUser } from '../desired/types.js';
import { isGlob } from '../model/glob.js';
import {
  compareStrings,
  formatSourceRef,
  sortSources,
  type SourceRef,
  type UserName,
} from '../model/index.js';
import { collectDesiredUsers, expandProjectGlob, indexForPlan, type Plan } from '../plan/index.js';
import { findReviewExceptions } from './access-review-exceptions.js';
import { summarizeReview } from './access-review-summary.js';
import {
  ACCESS_REVIEW_FORMAT_VERSION,
  type AccessReview,
  type LastReview,
  type ReviewGit,
  type ReviewGrant,
  type ReviewLineCommit,
  type ReviewProject,
  type ReviewSource,
  type ReviewUser,
} from './access-review-types.js';

export interface AccessReviewInput {
  /** The desired state as of today (ended `until:` grants dropped). */
  desired: DesiredState;
  current: CurrentState;
  plan: Plan;
  /** The config files read, relative to the working directory. */
  files: string[];
  now: Date;
  /** A private project reached by more users than this is an exception. */
  manyUsers: number;
  /** What git says of the files' lines (read by the pipeline). */
  git: {
    git: ReviewGit | null;
    reason: string | null;
    line: (file: string, line: number) => ReviewLineCommit | null;
  };
  /** The last review signed for this server, with what changed since (read by the pipeline). */
  lastReview?: LastReview | null;
}

/**
 * The access review (pure): every role held on the server, each part of its scope with
 * the config nodes asking for it (or none), every user and project with how many reach
 * it, the exceptions and the summary.
 */
export function buildAccessReview(input: AccessReviewInput): AccessReview {
  const { desired, current, plan } = input;
  const desiredUsers = collectDesiredUsers(desired, current).users;
  const grants = collectGrants(input, desiredUsers);
  const projects = reachOf(current, grants);
  const users = listUsers(input, desiredUsers, grants, projects.byUser);
  const exceptions = findReviewExceptions({
    ...input,
    desiredUsers,
    grants,
    users,
    projects: projects.list,
  });
  return {
    format_version: ACCESS_REVIEW_FORMAT_VERSION,
    kind: 'access-review',
    generated_at: input.now.toISOString(),
    server: plan.server,
    api_user: plan.api_user,
    config_digest: plan.config_digest,
    state_digest: plan.state_digest,
    files: [...input.files],
    git: input.git.git,
    git_unavailable: input.git.git === null ? input.git.reason : null,
    settings: {
      protected_roles: desired.settings.protected.map((p) => p.role).sort(compareStrings),
      expiry_warning_days: desired.settings.expiryWarningDays,
      many_users: input.manyUsers,
    },
    summary: summarizeReview({ desired, users, projects: projects.list, grants, exceptions }),
    users,
    projects: projects.list,
    grants,
    exceptions,
    last_review: input.lastReview ?? null,
  };
}

/** The config nodes of one desired grant that reach each part of a held scope. */
function sourcesOf(grant: DesiredGrant | undefined, reached: (glob: string) => readonly string[]) {
  const allOpen = grant?.allOpen ?? [];
  const projects = new Map<string, { ref: SourceRef; pattern: string | null }[]>();
  for (const [pattern, refs] of grant?.projects ?? []) {
    const names = isGlob(pattern) ? reached(pattern) : [pattern];
    for (const name of names) {
      const list = projects.get(name) ?? [];
      for (const ref of refs) list.push({ ref, pattern: isGlob(pattern) ? pattern : null });
      projects.set(name, list);
    }
  }
  return { allOpen, projects };
}

function collectGrants(
  input: AccessReviewInput,
  desiredUsers: ReadonlyMap<UserName, DesiredUser>,
): ReviewGrant[] {
  const { current, desired } = input;
  const review = (ref: SourceRef, pattern: string | null): ReviewSource => ({
    source: formatSourceRef(ref),
    file: ref.file,
    line: ref.line,
    config_group: ref.group ?? null,
    ftrack_group:
      ref.group === undefined ? null : (desired.groups.get(ref.group)?.ftrackGroup?.name ?? null),
    pattern,
    git: input.git.line(ref.file, ref.line),
  });
  const inOrder = (items: { ref: SourceRef; pattern: string | null }[]): ReviewSource[] => {
    if (items.length === 0) return [];
    if (items.length === 1) return [review(items[0]!.ref, items[0]!.pattern)];
    const patterns = new Map(items.map((i) => [i.ref, i.pattern]));
    return sortSources(items.map((i) => i.ref)).map((ref) =>
      review(ref, patterns.get(ref) ?? null),
    );
  };
  // A glob of a config group reaches the same projects for each of its members.
  const globs = new Map<string, readonly string[]>();
  const reached = (glob: string): readonly string[] => {
    let names = globs.get(glob);
    if (names === undefined)
      globs.set(glob, (names = expandProjectGlob(glob, current.projects).reached));
    return names;
  };
  const grants: ReviewGrant[] = [];
  const held = indexForPlan(current).held;
  const names = [...held.keys()].sort(compareStrings);
  for (const user of names) {
    const roles = [...held.get(user)!].sort(([a], [b]) => compareStrings(a, b));
    for (const [role, scope] of roles) {
      const wanted = sourcesOf(desiredUsers.get(user)?.roles.get(role), reached);
      const grant = (
        project: string | null,
        items: { ref: SourceRef; pattern: string | null }[],
      ) => {
        const sources = inOrder(items);
        grants.push({
          user,
          role,
          scope: project === null ? 'all-open' : 'project',
          project,
          declared: sources.length > 0,
          sources,
        });
      };
      if (scope.all_open)
        grant(
          null,
          wanted.allOpen.map((ref) => ({ ref, pattern: null })),
        );
      for (const project of [...scope.projects].sort(compareStrings)) {
        grant(project, wanted.projects.get(project) ?? []);
      }
    }
  }
  return grants;
}

/**
 * Who reaches what: all-open grants reach the open projects, a project grant its project.
 * Counted without listing every open project per user (hundreds each in a large studio):
 * a user holding all-open reaches every open project plus the others granted by name.
 * The grants are sorted by user: each user's are read together.
 */
function reachOf(current: CurrentState, grants: readonly ReviewGrant[]) {
  const isOpen = new Set(current.projects.filter((p) => !p.isPrivate).map((p) => p.name));
  const byUser = new Map<UserName, number>();
  const users = new Map<string, number>();
  // The last user (by position) counted for a project: a project granted to a user by two
  // roles is counted once.
  const lastCounted = new Map<string, number>();
  let allOpenUsers = 0;
  let i = 0;
  for (let userIndex = 0; i < grants.length; userIndex++) {
    const user = grants[i]!.user;
    let end = i;
    let allOpen = false;
    for (; end < grants.length && grants[end]!.user === user; end++) {
      if (grants[end]!.project === null) allOpen = true;
    }
    let count = allOpen ? isOpen.size : 0;
    for (; i < end; i++) {
      const p = grants[i]!.project;
      if (p === null || (allOpen && isOpen.has(p)) || lastCounted.get(p) === userIndex) continue;
      lastCounted.set(p, userIndex);
      count++;
      users.set(p, (users.get(p) ?? 0) + 1);
    }
    if (allOpen) allOpenUsers++;
    byUser.set(user, count);
  }
  for (const p of isOpen) users.set(p, (users.get(p) ?? 0) + allOpenUsers);
  const list: ReviewProject[] = [...current.projects]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((p) => ({
      name: p.name,
      full_name: p.fullName,
      private: p.isPrivate,
      status: p.status,
      users: users.get(p.name) ?? 0,
    }));
  return { list, byUser };
}

function listUsers(
  input: AccessReviewInput,
  desiredUsers: ReadonlyMap<UserName, DesiredUser>,
  grants: readonly ReviewGrant[],
  reach: ReadonlyMap<UserName, number>,
): ReviewUser[] {
  const groupsOf = new Map<UserName, Set<string>>();
  const join = (user: UserName, group: string) => {
    let set = groupsOf.get(user);
    if (set === undefined) groupsOf.set(user, (set = new Set()));
    set.add(group);
  };
  for (const [name, group] of input.desired.groups) {
    for (const m of group.members) join(m.username, name);
    if (group.allActive !== undefined) {
      for (const u of input.current.users) {
        if (u.isActive && u.type !== 'service' && u.username !== input.plan.api_user)
          join(u.username, name);
      }
    }
  }
  for (const g of input.plan.groups ?? []) for (const m of g.members) join(m.user, g.group);
  const roles = new Map<UserName, Set<string>>();
  for (const g of grants) {
    let set = roles.get(g.user);
    if (set === undefined) roles.set(g.user, (set = new Set()));
    set.add(g.role);
  }
  return [...input.current.users]
    .sort((a, b) => compareStrings(a.username, b.username))
    .map((u) => {
      const wanted = desiredUsers.get(u.username);
      return {
        user: u.username,
        active: u.isActive,
        type: u.type ?? null,
        declared: wanted !== undefined && wanted.declared !== false,
        config_groups: [...(groupsOf.get(u.username) ?? [])].sort(compareStrings),
        roles: [...(roles.get(u.username) ?? [])].sort(compareStrings),
        projects: reach.get(u.username) ?? 0,
      };
    });
}
