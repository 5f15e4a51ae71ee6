import type { Diagnostic } from '../diagnostics/index.js';
import type { CurrentDirectory, CurrentGroup } from '../current/types.js';
import { ProjectSources } from '../model/project-sources.js';
import type { DesiredGrant, DesiredGroup, DesiredState, DesiredUser } from '../desired/types.js';
import { compareStrings, formatSource, sortSources, type SourceRef } from '../model/index.js';
import { didYouMean } from '../model/suggest.js';
import { PLAN_CODES } from './codes.js';
import type { PlanGroup } from './types.js';

/**
 * The declared users of the config, completed with the members of groups whose members
 * live in ftrack (`ftrack_group:`), which are only known once the server has been read.
 * Returns a fresh map: the DesiredState is not changed (users that groups add to are
 * copies). `groups` says, for every such group, who was found and through which
 * (sub-)group.
 */
export function collectDesiredUsers(
  desired: DesiredState,
  current: CurrentDirectory,
): {
  users: Map<string, DesiredUser>;
  diagnostics: Diagnostic[];
  groups: PlanGroup[];
  /** The roles of groups whose ftrack group could not be read (their holders are unknown). */
  unresolvedRoles: Set<string>;
} {
  // The desired users as they are; a user an ftrack group adds to is copied first
  // (copy on write), so the DesiredState is never changed and most users are not copied.
  const users = new Map<string, DesiredUser>(desired.users);
  const copied = new Set<DesiredUser>();
  const writable = (username: string): WritableUser => {
    const user = users.get(username);
    if (user !== undefined && copied.has(user)) return user as WritableUser;
    const copy: WritableUser =
      user === undefined ? { username, sources: [], roles: new Map() } : cloneUser(user);
    users.set(username, copy);
    copied.add(copy);
    return copy;
  };
  const diagnostics: Diagnostic[] = [];
  const groups: PlanGroup[] = [];
  const merged = new Set<DesiredUser>();
  const unresolvedRoles = new Set<string>();
  for (const group of desired.groups.values()) {
    if (group.ftrackGroup === undefined) continue;
    const members = ftrackGroupMembers(group, current, diagnostics);
    if (members === undefined) {
      for (const grant of group.roles) unresolvedRoles.add(grant.role);
      continue;
    }
    groups.push({
      group: group.name,
      ftrack_group: group.ftrackGroup.name,
      include_subgroups: group.ftrackGroup.includeSubgroups,
      source: formatSource(group.ftrackGroup.source),
      members: [...members].map(([user, via]) => ({ user, via })),
    });
    const membership: SourceRef = { ...group.ftrackGroup.source, group: group.name };
    for (const username of members.keys()) {
      merged.add(mergeGroupInto(writable(username), group, membership));
    }
  }
  // `members: all-active`: every active user, after the declared ones are all known. A
  // user the files do not otherwise name is a baseline member (`declared: false`).
  for (const group of desired.groups.values()) {
    if (group.allActive === undefined) continue;
    for (const user of current.users) {
      if (!user.isActive) continue;
      const known = users.has(user.username);
      const target = writable(user.username);
      if (!known) target.declared = false;
      merged.add(mergeGroupInto(target, group, group.allActive.source));
    }
  }
  for (const user of merged) user.sources = sortSources(user.sources);
  return { users, diagnostics, groups, unresolvedRoles };
}

/** A copied user, whose grants this module may change. */
interface WritableUser extends DesiredUser {
  roles: Map<string, DesiredGrant & { projects: ProjectSources }>;
}

function cloneUser(user: DesiredUser): WritableUser {
  const roles: WritableUser['roles'] = new Map();
  for (const [role, grant] of user.roles) {
    roles.set(role, {
      role,
      allOpen: [...grant.allOpen],
      projects: ProjectSources.from(grant.projects),
      sources: [...grant.sources],
    });
  }
  return { username: user.username, sources: [...user.sources], roles };
}

/**
 * Username → the group paths holding the membership (sorted by username), or undefined
 * (with FR408 and a "did you mean") when the ftrack group does not exist.
 */
function ftrackGroupMembers(
  group: DesiredGroup,
  current: CurrentDirectory,
  diagnostics: Diagnostic[],
): Map<string, string[][]> | undefined {
  const link = group.ftrackGroup!;
  const groups = current.groups ?? [];
  const named = groups.filter((g) => g.name === link.name);
  if (named.length > 1) {
    // Which one is meant cannot be told: guessing could give the roles to the wrong people.
    const byId = new Map(groups.map((g) => [g.id, g.name]));
    const places = named.map((g) =>
      g.parentId === null ? 'at the top level' : `under "${byId.get(g.parentId) ?? g.parentId}"`,
    );
    diagnostics.push({
      severity: 'error',
      code: PLAN_CODES.ambiguousFtrackGroup,
      summary: `Group "${group.name}" reads its members from the ftrack group "${link.name}", but the server has ${named.length} groups with this name (${places.join(', ')})`,
      hint: 'Rename the groups in ftrack so that the name is unique, or list the members in the config.',
      source: link.source,
    });
    return undefined;
  }
  const root = named[0];
  if (root === undefined) {
    diagnostics.push({
      severity: 'error',
      code: PLAN_CODES.unknownFtrackGroup,
      summary: `Group "${group.name}" reads its members from the ftrack group "${link.name}", which does not exist on the server${didYouMean(
        link.name,
        groups.map((g) => g.name),
      )}`,
      hint: 'Check the group name in ftrack (names are case-sensitive).',
      source: link.source,
    });
    return undefined;
  }
  const included = link.includeSubgroups
    ? descendants(root, groups)
    : [{ group: root, path: [root.name] }];
  const byId = new Map(current.users.map((u) => [u.id, u.username]));
  const found = new Map<string, string[][]>();
  for (const { group: g, path } of included) {
    for (const id of g.memberUserIds) {
      const username = byId.get(id);
      if (username === undefined) continue;
      found.set(username, [...(found.get(username) ?? []), path]);
    }
  }
  const sorted = [...found.keys()].sort(compareStrings);
  return new Map(sorted.map((name) => [name, found.get(name)!.sort(comparePaths)]));
}

function comparePaths(a: readonly string[], b: readonly string[]): number {
  return a.length - b.length || compareStrings(a.join('\u0000'), b.join('\u0000'));
}

/** The group and its sub-groups at any depth, each with its path of names from the root. */
function descendants(
  root: CurrentGroup,
  groups: readonly CurrentGroup[],
): { group: CurrentGroup; path: string[] }[] {
  const found = [{ group: root, path: [root.name] }];
  const seen = new Set([root.id]);
  for (let i = 0; i < found.length; i += 1) {
    const parent = found[i]!;
    for (const g of groups) {
      if (g.parentId !== parent.group.id || seen.has(g.id)) continue;
      seen.add(g.id);
      found.push({ group: g, path: [...parent.path, g.name] });
    }
  }
  return found;
}

/**
 * Adds the grants of a group whose members are read from the server (an ftrack group, or
 * all active users) to a user (a copy the caller owns); `membership` says where.
 */
function mergeGroupInto(
  user: WritableUser,
  group: DesiredGroup,
  membership: SourceRef,
): DesiredUser {
  user.sources.push(membership);
  for (const grant of group.roles) {
    const source: SourceRef = { ...grant.source, group: group.name };
    let target = user.roles.get(grant.role);
    if (target === undefined) {
      target = { role: grant.role, allOpen: [], projects: new ProjectSources(), sources: [] };
      user.roles.set(grant.role, target);
    }
    const inGroup = (ref: SourceRef | undefined): SourceRef =>
      ref === undefined ? source : { ...ref, group: group.name };
    if (grant.allOpen) target.allOpen.push(inGroup(grant.at?.allOpen));
    for (const project of grant.projects) {
      const refs = grant.at?.projects.get(project)?.map(inGroup) ?? [source];
      for (const ref of refs) target.projects.add(project, ref);
    }
    target.sources.push(source);
  }
  return user;
}
