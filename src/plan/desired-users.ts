import type { Diagnostic } from '../diagnostics/index.js';
import type { CurrentGroup, CurrentState } from '../current/types.js';
import type { DesiredGrant, DesiredGroup, DesiredState, DesiredUser } from '../desired/types.js';
import type { SourceRef } from '../model/index.js';
import { PLAN_CODES } from './codes.js';
import { didYouMeanHint } from './suggest.js';

/**
 * The declared users of the config, completed with the members of groups whose members
 * live in ftrack (`ftrack_group:`), which are only known once the server has been read.
 * Returns fresh maps: the DesiredState is not changed.
 */
export function collectDesiredUsers(
  desired: DesiredState,
  current: CurrentState,
): { users: Map<string, DesiredUser>; diagnostics: Diagnostic[] } {
  const users = new Map<string, DesiredUser>();
  for (const [name, user] of desired.users) users.set(name, cloneUser(user));
  const diagnostics: Diagnostic[] = [];
  for (const group of desired.groups.values()) {
    if (group.ftrackGroup === undefined) continue;
    const members = ftrackGroupMembers(group, current, diagnostics);
    for (const username of members) mergeGroupInto(users, username, group);
  }
  return { users, diagnostics };
}

function cloneUser(user: DesiredUser): DesiredUser {
  const roles = new Map<string, DesiredGrant>();
  for (const [role, grant] of user.roles) {
    roles.set(role, {
      role,
      allOpen: [...grant.allOpen],
      projects: new Map([...grant.projects].map(([p, refs]) => [p, [...refs]])),
      sources: [...grant.sources],
    });
  }
  return { username: user.username, sources: [...user.sources], roles };
}

function ftrackGroupMembers(
  group: DesiredGroup,
  current: CurrentState,
  diagnostics: Diagnostic[],
): string[] {
  const link = group.ftrackGroup!;
  const groups = current.groups ?? [];
  const root = groups.find((g) => g.name === link.name);
  if (root === undefined) {
    diagnostics.push({
      severity: 'error',
      code: PLAN_CODES.unknownFtrackGroup,
      summary: `Group "${group.name}" reads its members from the ftrack group "${link.name}", which does not exist on the server`,
      hint: didYouMeanHint(
        link.name,
        groups.map((g) => g.name),
        'Check the group name in ftrack (names are case-sensitive).',
      ),
      source: link.source,
    });
    return [];
  }
  const included = link.includeSubgroups ? descendants(root, groups) : [root];
  const byId = new Map(current.users.map((u) => [u.id, u.username]));
  const names = included.flatMap((g) => g.memberUserIds.map((id) => byId.get(id)));
  return [...new Set(names.filter((n): n is string => n !== undefined))];
}

function descendants(root: CurrentGroup, groups: readonly CurrentGroup[]): CurrentGroup[] {
  const found = [root];
  for (let i = 0; i < found.length; i += 1) {
    const parent = found[i]!;
    for (const g of groups) if (g.parentId === parent.id && !found.includes(g)) found.push(g);
  }
  return found;
}

function mergeGroupInto(users: Map<string, DesiredUser>, username: string, group: DesiredGroup) {
  const link = group.ftrackGroup!;
  const membership: SourceRef = { ...link.source, group: group.name };
  let user = users.get(username);
  if (user === undefined) {
    user = { username, sources: [], roles: new Map() };
    users.set(username, user);
  }
  user.sources.push(membership);
  for (const grant of group.roles) {
    const source: SourceRef = { ...grant.source, group: group.name };
    let target = user.roles.get(grant.role);
    if (target === undefined) {
      target = { role: grant.role, allOpen: [], projects: new Map(), sources: [] };
      user.roles.set(grant.role, target);
    }
    if (grant.allOpen) target.allOpen.push(source);
    for (const project of grant.projects) {
      target.projects.set(project, [...(target.projects.get(project) ?? []), source]);
    }
    target.sources.push(source);
  }
}
