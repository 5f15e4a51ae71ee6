import type { ScopeV1, ValidatedDocument } from '../config/types.js';
import {
  compareSources,
  compareStrings,
  runSteps,
  type SourceRef,
  type Steps,
} from '../model/index.js';
import { buildCatalogue, buildSettings } from './build-settings.js';
import { buildGroups } from './build-groups.js';
import { NO_PROJECTS, ProjectSources } from './project-sources.js';
import type { DesiredGrant, DesiredState, DesiredUser, GrantExpiry } from './types.js';

/**
 * Validated documents → the desired state (pure). A user's desired roles are the union of
 * their own entry and of every group that lists them: `all_open` is OR-ed, project sets are
 * united, and every grant keeps its sources. Globs stay unexpanded (they need the server).
 */
export function buildDesiredState(
  documents: readonly ValidatedDocument[],
  options: BuildDesiredOptions,
): DesiredState {
  return runSteps(buildDesiredStateSteps(documents, options));
}

export interface BuildDesiredOptions {
  configDigest: string;
  consume?: boolean;
}

/** Users built between two steps (a few milliseconds of work). */
const STEP_USERS = 200;

/**
 * buildDesiredState in steps: yields after each file, every STEP_USERS users and each
 * group. The plan pipeline runs it with runStepsWithPauses while the server's answers
 * arrive.
 */
export function* buildDesiredStateSteps(
  documents: readonly ValidatedDocument[],
  options: BuildDesiredOptions,
): Steps<DesiredState> {
  // With `consume`, the caller hands its (mutable) array over: it is emptied, and each file
  // without groups is dropped as soon as its users are in the state, so the parsed files of
  // a large config are never all alive next to the whole desired state.
  const owned = options.consume === true;
  const sorted = (owned ? (documents as ValidatedDocument[]).splice(0) : [...documents]).sort(
    (a, b) => compareStrings(a.file, b.file),
  );
  const groups = buildGroups(sorted);
  const settings = buildSettings(sorted);
  const catalogue = buildCatalogue(sorted);
  const groupDocuments = sorted.filter((d) => d.data.groups !== undefined);
  const pending: (ValidatedDocument | undefined)[] = sorted;
  const users = new Map<string, DesiredUser>();
  // One string per project name: the parsed files repeat each name many times.
  const names = new Map<string, string>();
  const intern = (name: string): string => {
    const known = names.get(name);
    if (known !== undefined) return known;
    names.set(name, name);
    return name;
  };
  const userOf = (username: string): DesiredUser => {
    let user = users.get(username);
    if (user === undefined) {
      user = { username, sources: [], roles: new Map() };
      users.set(username, user);
    }
    return user;
  };
  for (const [index, document] of pending.entries()) {
    if (document === undefined) continue;
    let built = 0;
    for (const [username, entry] of Object.entries(document.data.users ?? {})) {
      if (++built % STEP_USERS === 0) yield;
      const user = userOf(username);
      user.sources = withSource(user.sources, document.locate(['users', username], 'key'));
      for (const [role, scope] of Object.entries(entry.roles)) {
        const path = ['users', username, 'roles', role];
        addGrant(user, role, scope, intern, (sub, part) =>
          document.locate([...path, ...sub], part),
        );
      }
    }
    if (owned) pending[index] = undefined;
    yield;
  }
  for (const [name, group] of groups) {
    const document = groupDocuments.find((d) => d.file === group.source.file);
    const grants = Object.entries(document?.data.groups?.[name]?.roles ?? {});
    for (const member of group.members) {
      const user = userOf(member.username);
      user.sources = withSource(user.sources, member.source);
      for (const [role, scope] of grants) {
        const path = ['groups', name, 'roles', role];
        addGrant(user, role, scope, intern, (sub, part) => ({
          ...(document?.locate([...path, ...sub], part) ?? group.source),
          group: name,
        }));
      }
    }
    yield;
  }
  yield;
  return {
    settings,
    catalogue,
    groups,
    users: normalizeUsers(users),
    configDigest: options.configDigest,
  };
}

type LocateIn = (path: (string | number)[], part?: 'key' | 'value') => SourceRef;

/** A grant as this module builds it. */
type BuildingGrant = DesiredGrant & { projects: ProjectSources };

function addGrant(
  user: DesiredUser,
  role: string,
  scope: ScopeV1,
  intern: (name: string) => string,
  locate: LocateIn,
): void {
  const key = locate([], 'key');
  const projects =
    scope === 'all-open' ? [] : Array.isArray(scope) ? scope : (scope.projects ?? []);
  let grant = user.roles.get(role) as BuildingGrant | undefined;
  if (grant === undefined) {
    grant = { role, allOpen: NO_SOURCES, projects: NO_PROJECTS, sources: [key] };
    user.roles.set(role, grant);
  } else grant.sources.push(key);
  if (projects.length > 0 && grant.projects === NO_PROJECTS) {
    grant.projects = new ProjectSources(projects.length);
  }
  if (scope === 'all-open') {
    grant.allOpen = withSource(grant.allOpen, locate([], 'value'));
    return;
  }
  const inList = Array.isArray(scope);
  const allOpen = !inList && scope.all_open === true ? locate(['all_open'], 'value') : undefined;
  if (allOpen !== undefined) grant.allOpen = withSource(grant.allOpen, allOpen);
  const until = inList ? undefined : scope.until;
  const expiring = until !== undefined;
  const items: { project: string; source: SourceRef }[] | undefined = expiring ? [] : undefined;
  for (const [index, project] of projects.entries()) {
    const source = locate(inList ? [index] : ['projects', index], 'value');
    grant.projects.add(intern(project), source);
    items?.push({ project, source });
  }
  if (until !== undefined) {
    const expiry: GrantExpiry = {
      until,
      at: locate(['until'], 'value'),
      source: key,
      ...(allOpen === undefined ? {} : { allOpen }),
      projects: items ?? [],
    };
    grant.expiries = [...(grant.expiries ?? []), expiry];
  }
}

/**
 * The `allOpen` of a grant that no source asks all open projects for: one shared, frozen
 * empty list (withSource never appends to an empty list; it makes a new one).
 */
const NO_SOURCES = Object.freeze([]) as unknown as SourceRef[];

/**
 * Appends a source; a first source makes an exact one-item array (an array grown by `push`
 * keeps room for 16 more, which adds up over a million lists).
 */
function withSource(list: SourceRef[], source: SourceRef): SourceRef[] {
  if (list.length === 0) return [source];
  list.push(source);
  return list;
}

/** Sorts users, roles, projects and sources in place (the objects are reused, not copied). */
function normalizeUsers(users: Map<string, DesiredUser>): Map<string, DesiredUser> {
  const sortedUsers = new Map<string, DesiredUser>();
  for (const name of [...users.keys()].sort(compareStrings)) {
    const user = users.get(name)!;
    user.sources = sortOwnSources(user.sources);
    user.roles = sortMap(user.roles, (grant: DesiredGrant) => {
      grant.allOpen = sortOwnSources(grant.allOpen);
      grant.sources = sortOwnSources(grant.sources);
      return grant;
    });
    sortedUsers.set(name, user);
  }
  return sortedUsers;
}

/** The map with its keys sorted and `fix` applied to each value; the same map if already sorted. */
function sortMap<V>(map: Map<string, V>, fix: (value: V) => V): Map<string, V> {
  const keys = [...map.keys()];
  const sorted = keys.every((key, i) => i === 0 || compareStrings(keys[i - 1]!, key) < 0);
  const target = sorted ? map : new Map<string, V>();
  for (const key of sorted ? keys : keys.sort(compareStrings)) target.set(key, fix(map.get(key)!));
  return target;
}

/** `sortSources` for lists this module built: one-item lists are kept as they are. */
function sortOwnSources(sources: SourceRef[]): SourceRef[] {
  return sources.length <= 1 ? sources : sortSources(sources);
}

/** Sources in file order, without repeats. */
export function sortSources(sources: readonly SourceRef[]): SourceRef[] {
  const unique = new Map<string, SourceRef>();
  for (const s of sources) unique.set(`${s.file}:${s.line}:${s.col}:${s.group ?? ''}`, s);
  return [...unique.values()].sort(compareSources);
}
