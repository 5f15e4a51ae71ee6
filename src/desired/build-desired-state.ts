import {
  compareStrings,
  NO_PROJECTS,
  ProjectSources,
  runSteps,
  sortSources,
  type ScopeV1,
  type SourceRef,
  type Steps,
  type UserV1,
  type ValidatedDocument,
} from '../model/index.js';
import { buildGroups } from './build-groups.js';
import { GrantPositions } from './grant-positions.js';
import { buildCatalogue, buildSettings } from './build-settings.js';
import type {
  DesiredGrant,
  DesiredGroup,
  DesiredState,
  DesiredUser,
  GrantExpiry,
} from './types.js';

/**
 * Validated documents → the desired state (pure; the documents are not changed). A user's
 * desired roles are the union of their own entry and of every group that lists them:
 * `all_open` is OR-ed, project sets are united, and every grant keeps its sources. Globs
 * stay unexpanded (they need the server).
 */
export function buildDesiredState(
  documents: readonly ValidatedDocument[],
  options: BuildDesiredOptions,
): DesiredState {
  const builder = new DesiredStateBuilder(options);
  for (const document of [...documents].sort((a, b) => compareStrings(a.file, b.file))) {
    runSteps(builder.addSteps(document));
  }
  return runSteps(builder.finishSteps());
}

export interface BuildDesiredOptions {
  configDigest: string;
}

/** Users built between two steps (a few milliseconds of work). */
const STEP_USERS = 200;

/**
 * buildDesiredState document by document, in steps (yields every STEP_USERS users and
 * after each group): the plan pipeline adds each document as its users' turn comes and
 * lets it go then, while the server's answers are taken in between the steps. Documents
 * are added in file order; the builder keeps only those with settings, roles or groups.
 */
export class DesiredStateBuilder {
  readonly #configDigest: string;
  readonly #users = new Map<string, DesiredUser>();
  /** The documents with settings, a role catalogue or groups, in file order. */
  readonly #sections: ValidatedDocument[] = [];
  /** Each role the users' entries grant, and where it is first granted (in file order). */
  readonly #granted = new Map<string, SourceRef>();
  /** One string per project name: the parsed files repeat each name many times. */
  readonly #names = new Map<string, string>();
  readonly #positions = new GrantPositions();

  constructor(options: BuildDesiredOptions) {
    this.#configDigest = options.configDigest;
  }

  /** Adds the users of one document (the next in file order). */
  *addSteps(document: ValidatedDocument): Steps<void> {
    const { data } = document;
    if (data.settings !== undefined || data.roles !== undefined || data.groups !== undefined) {
      this.#sections.push(document);
    }
    const users = data.users ?? {};
    const names = Object.keys(users);
    for (let from = 0; from < names.length; from += STEP_USERS) {
      if (from > 0) yield;
      const to = Math.min(names.length, from + STEP_USERS);
      for (let i = from; i < to; i++) this.#addUser(document, users, names[i]!);
    }
  }

  #addUser(document: ValidatedDocument, users: Record<string, UserV1>, username: string): void {
    const user = this.#userOf(username);
    const key =
      document.locateEntry?.(users, username, 'key') ?? document.locate(['users', username], 'key');
    user.sources = withSource(user.sources, key);
    const roles = users[username]!.roles;
    const at = this.#positions;
    // In name order, so that the grants' map is sorted as it is made (normalizeUsers keeps it).
    const names = sortedNames(Object.keys(roles));
    for (let i = 0; i < names.length; i++) {
      const role = names[i]!;
      at.point(document, roles, role, 'users', username);
      if (!this.#granted.has(role)) this.#granted.set(role, at.role('key'));
      addGrant(user, role, roles[role]!, this.#intern, at);
    }
  }

  /** The groups' members and the settings, then the desired state, sorted. */
  *finishSteps(): Steps<DesiredState> {
    const sections = this.#sections;
    const groups = buildGroups(sections);
    for (const [name, group] of groups) {
      const document = sections.find((d) => d.file === group.source.file);
      const roles = document?.data.groups?.[name]?.roles ?? {};
      const grants = Object.entries(roles);
      const at = this.#positions;
      for (const member of group.members) {
        const user = this.#userOf(member.username);
        user.sources = withSource(user.sources, member.source);
        for (const [role, scope] of grants) {
          at.point(document, roles, role, 'groups', name, group.source);
          addGrant(user, role, scope, this.#intern, at);
        }
      }
      yield;
    }
    yield;
    const catalogue = buildCatalogue(sections);
    return {
      settings: buildSettings(sections),
      catalogue,
      groups,
      users: normalizeUsers(this.#users),
      configDigest: this.#configDigest,
      mentionedRoles: mentionedRoles(catalogue, groups, this.#granted),
    };
  }

  #userOf(username: string): DesiredUser {
    let user = this.#users.get(username);
    if (user === undefined) {
      user = { username, sources: [], roles: new Map() };
      this.#users.set(username, user);
    }
    return user;
  }

  readonly #intern = (name: string): string => {
    const known = this.#names.get(name);
    if (known !== undefined) return known;
    this.#names.set(name, name);
    return name;
  };
}

/**
 * Every role the files mention, sorted, with where: its catalogue entry, else its first
 * grant (a user's entry before a group's, each in file order).
 */
function mentionedRoles(
  catalogue: ReadonlyMap<string, { source: SourceRef }>,
  groups: ReadonlyMap<string, DesiredGroup>,
  granted: ReadonlyMap<string, SourceRef>,
): Map<string, SourceRef> {
  const found = new Map(granted);
  for (const group of groups.values()) {
    for (const grant of group.roles) {
      if (!found.has(grant.role)) found.set(grant.role, { ...grant.source, group: group.name });
    }
  }
  for (const [name, role] of catalogue) found.set(name, role.source);
  return new Map([...found].sort(([a], [b]) => compareStrings(a, b)));
}

/** A grant as this module builds it. */
type BuildingGrant = DesiredGrant & { projects: ProjectSources };

function addGrant(
  user: DesiredUser,
  role: string,
  scope: ScopeV1,
  intern: (name: string) => string,
  at: GrantPositions,
): void {
  const key = at.role('key');
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
    grant.allOpen = withSource(grant.allOpen, at.role('value'));
    return;
  }
  const inList = Array.isArray(scope);
  const allOpen = !inList && scope.all_open === true ? at.entry(scope, 'all_open') : undefined;
  if (allOpen !== undefined) grant.allOpen = withSource(grant.allOpen, allOpen);
  const until = inList ? undefined : scope.until;
  const expiring = until !== undefined;
  const items: { project: string; source: SourceRef }[] | undefined = expiring ? [] : undefined;
  for (let index = 0; index < projects.length; index++) {
    const project = projects[index]!;
    const source = inList ? at.entry(scope, index) : at.entry(projects, index, 'projects');
    grant.projects.add(intern(project), source);
    items?.push({ project, source });
  }
  if (until !== undefined) {
    const expiry: GrantExpiry = {
      until,
      at: at.entry(scope, 'until'),
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
  const sortedUsers = sortMap(users);
  // forEach, not for-of: no iterator result per entry while this runs unoptimized.
  sortedUsers.forEach((user) => {
    user.sources = sortOwnSources(user.sources);
    user.roles = sortMap(user.roles);
    user.roles.forEach(normalizeGrant);
  });
  return sortedUsers;
}

function normalizeGrant(grant: DesiredGrant): void {
  grant.allOpen = sortOwnSources(grant.allOpen);
  grant.sources = sortOwnSources(grant.sources);
}

/** The map with its keys sorted: the same map if they already are. */
function sortMap<V>(map: Map<string, V>): Map<string, V> {
  let previous: string | undefined;
  let sorted = true;
  map.forEach((_value, key) => {
    if (previous !== undefined && compareStrings(previous, key) >= 0) sorted = false;
    previous = key;
  });
  if (sorted) return map;
  const keys = [...map.keys()].sort(compareStrings);
  return new Map(keys.map((k) => [k, map.get(k)!]));
}

/** Names sorted in place: the few roles of a user by insertion (`sort` allocates per call). */
function sortedNames(names: string[]): string[] {
  if (names.length > 8) return names.sort(compareStrings);
  for (let i = 1; i < names.length; i++) {
    const name = names[i]!;
    let j = i - 1;
    for (; j >= 0 && compareStrings(names[j]!, name) > 0; j--) names[j + 1] = names[j]!;
    names[j + 1] = name;
  }
  return names;
}

/** `sortSources` for lists this module built: one-item lists are kept as they are. */
function sortOwnSources(sources: SourceRef[]): SourceRef[] {
  return sources.length <= 1 ? sources : sortSources(sources);
}
