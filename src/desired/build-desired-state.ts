import type { ScopeV1, ValidatedDocument } from '../config/types.js';
import { compareStrings, type SourceRef } from '../model/index.js';
import { buildCatalogue, buildSettings } from './build-settings.js';
import { buildGroups } from './build-groups.js';
import type { DesiredGrant, DesiredState, DesiredUser, GrantExpiry } from './types.js';

/**
 * Validated documents → the desired state (pure). A user's desired roles are the union of
 * their own entry and of every group that lists them: `all_open` is OR-ed, project sets are
 * united, and every grant keeps its sources. Globs stay unexpanded (they need the server).
 */
export function buildDesiredState(
  documents: readonly ValidatedDocument[],
  options: { configDigest: string },
): DesiredState {
  const sorted = [...documents].sort((a, b) => compareStrings(a.file, b.file));
  const groups = buildGroups(sorted);
  const users = new Map<string, DesiredUser>();
  const userOf = (username: string): DesiredUser => {
    let user = users.get(username);
    if (user === undefined) {
      user = { username, sources: [], roles: new Map() };
      users.set(username, user);
    }
    return user;
  };
  for (const document of sorted) {
    for (const [username, entry] of Object.entries(document.data.users ?? {})) {
      const user = userOf(username);
      user.sources.push(document.locate(['users', username], 'key'));
      for (const [role, scope] of Object.entries(entry.roles)) {
        const path = ['users', username, 'roles', role];
        addGrant(user, role, scope, (sub, part) => document.locate([...path, ...sub], part));
      }
    }
  }
  for (const [name, group] of groups) {
    const document = sorted.find((d) => d.file === group.source.file);
    const grants = Object.entries(document?.data.groups?.[name]?.roles ?? {});
    for (const member of group.members) {
      const user = userOf(member.username);
      user.sources.push(member.source);
      for (const [role, scope] of grants) {
        const path = ['groups', name, 'roles', role];
        addGrant(user, role, scope, (sub, part) => ({
          ...(document?.locate([...path, ...sub], part) ?? group.source),
          group: name,
        }));
      }
    }
  }
  return {
    settings: buildSettings(sorted),
    catalogue: buildCatalogue(sorted),
    groups,
    users: normalizeUsers(users),
    configDigest: options.configDigest,
  };
}

type LocateIn = (path: (string | number)[], part?: 'key' | 'value') => SourceRef;

function addGrant(user: DesiredUser, role: string, scope: ScopeV1, locate: LocateIn): void {
  let grant = user.roles.get(role);
  if (grant === undefined) {
    grant = { role, allOpen: [], projects: new Map(), sources: [] };
    user.roles.set(role, grant);
  }
  const key = locate([], 'key');
  grant.sources.push(key);
  if (scope === 'all-open') {
    grant.allOpen.push(locate([], 'value'));
    return;
  }
  const inList = Array.isArray(scope);
  const allOpen = !inList && scope.all_open === true ? locate(['all_open'], 'value') : undefined;
  if (allOpen !== undefined) grant.allOpen.push(allOpen);
  const projects = inList ? scope : (scope.projects ?? []);
  const items = projects.map((project, index) => {
    const source = locate(inList ? [index] : ['projects', index], 'value');
    const sources = grant.projects.get(project) ?? [];
    sources.push(source);
    grant.projects.set(project, sources);
    return { project, source };
  });
  if (!inList && scope.until !== undefined) {
    const expiry: GrantExpiry = {
      until: scope.until,
      at: locate(['until'], 'value'),
      source: key,
      ...(allOpen === undefined ? {} : { allOpen }),
      projects: items,
    };
    grant.expiries = [...(grant.expiries ?? []), expiry];
  }
}

function normalizeUsers(users: Map<string, DesiredUser>): Map<string, DesiredUser> {
  const sortedUsers = new Map<string, DesiredUser>();
  for (const name of [...users.keys()].sort(compareStrings)) {
    const user = users.get(name)!;
    const roles = new Map<string, DesiredGrant>();
    for (const role of [...user.roles.keys()].sort(compareStrings)) {
      const grant = user.roles.get(role)!;
      const projects = new Map<string, SourceRef[]>();
      for (const project of [...grant.projects.keys()].sort(compareStrings)) {
        projects.set(project, sortSources(grant.projects.get(project)!));
      }
      roles.set(role, {
        role,
        allOpen: sortSources(grant.allOpen),
        projects,
        sources: sortSources(grant.sources),
        ...(grant.expiries === undefined ? {} : { expiries: grant.expiries }),
      });
    }
    sortedUsers.set(name, { username: name, sources: sortSources(user.sources), roles });
  }
  return sortedUsers;
}

/** Sources in file order, without repeats. */
export function sortSources(sources: readonly SourceRef[]): SourceRef[] {
  const unique = new Map<string, SourceRef>();
  for (const s of sources) unique.set(`${s.file}:${s.line}:${s.col}:${s.group ?? ''}`, s);
  return [...unique.values()].sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.line - b.line ||
      a.col - b.col ||
      compareStrings(a.group ?? '', b.group ?? ''),
  );
}
