import type { CurrentProject, CurrentState } from '../current/types.js';
import { globMatcher, isGlob, isNegated } from '../model/glob.js';
import { compareStrings, type Scope } from '../model/index.js';
import { expandProjectGlob } from '../plan/index.js';
import type {
  ExportModel,
  ExportOptions,
  ExportSettings,
  ExportedUser,
  SkippedUser,
} from './export-types.js';

/** The pattern of a name in format 1 (schema `$defs/name`): no leading or trailing space. */
const VALID_NAME = /^\S(?:.*\S)?$/;

interface Context {
  projectsById: Map<string, CurrentProject>;
  roleById: Map<string, { name: string; type: string }>;
  roleType: Map<string, string>;
  privateProjects: Set<string>;
  /** Project name → why it cannot be written, if it cannot. */
  badProject: (name: string) => string | undefined;
}

/**
 * Collects what the server holds into an export model (pure). Users are sorted, roles
 * sorted, scopes canonical (an explicit grant of an open project under all-open adds no
 * access and is dropped). Users whose assignments the format cannot express so that
 * `plan` stays empty (an `API` role, an `ASSIGNED` role on a private project, a name the
 * format rejects, a project name that is a glob) are left out and listed in `skipped`;
 * the settings (exportSettings) keep them as they are. Inactive users are left out unless
 * asked.
 */
export function collectExport(current: CurrentState, options: ExportOptions = {}): ExportModel {
  const ctx = createContext(current);
  const wanted = options.users === undefined ? () => true : globMatcher([options.users]);
  const byUser = new Map<string, typeof current.assignments>();
  for (const a of current.assignments) {
    const held = byUser.get(a.userId);
    if (held === undefined) byUser.set(a.userId, [a]);
    else held.push(a);
  }
  const users: ExportedUser[] = [];
  const skipped: SkippedUser[] = [];
  const inexpressible: string[] = [];
  let inactiveHolders = 0;
  for (const user of current.users) {
    const held = (byUser.get(user.id) ?? []).filter((a) => ctx.roleById.has(a.roleId));
    if (held.length === 0 || !wanted(user.username)) continue;
    if (!user.isActive) inactiveHolders += 1;
    if (!user.isActive && options.includeInactive !== true) {
      skipped.push({ username: user.username, reason: 'inactive (use --include-inactive)' });
      continue;
    }
    const roles = held
      .map((a) => ({ role: ctx.roleById.get(a.roleId)!.name, scope: scopeOf(a, ctx) }))
      .sort((x, y) => compareStrings(x.role, y.role));
    const problem = whyInexpressible(user.username, roles, ctx);
    if (problem !== undefined) {
      skipped.push({ username: user.username, reason: problem });
      inexpressible.push(user.username);
    } else users.push({ username: user.username, isActive: user.isActive, roles });
  }
  const byName = (a: { username: string }, b: { username: string }) =>
    compareStrings(a.username, b.username);
  return {
    server: current.server,
    roles: current.roles
      .filter((r) => VALID_NAME.test(r.name))
      .map((r) => ({ name: r.name, type: r.type }))
      .sort((a, b) => compareStrings(a.name, b.name)),
    users: users.sort(byName),
    skipped: skipped.sort(byName),
    settings: exportSettings(inexpressible, inactiveHolders, options.users !== undefined),
  };
}

/**
 * The settings under which the export's own plan is empty: `manage: owned` (every role of
 * the catalogue is owned, and every holder is declared), with the users the format cannot
 * express in `ignore_users`, and `inactive_users: keep` when inactive users hold roles.
 * `manage: declared` when the export is partial or a left-out username cannot be listed.
 */
function exportSettings(
  inexpressible: readonly string[],
  inactiveHolders: number,
  partial: boolean,
): ExportSettings {
  const why: string[] = [];
  const listable = inexpressible.every((name) => VALID_NAME.test(name) && !isGlob(name));
  let manage: ExportSettings['manage'] = 'owned';
  if (partial) {
    manage = 'declared';
    why.push(
      'manage: declared, because this export has only the users --users matched: with owned,',
      'the users it leaves out would lose the roles these files mention.',
    );
  } else if (!listable) {
    manage = 'declared';
    why.push(
      'manage: declared, because a user left out has a name that ignore_users cannot hold:',
      'with owned, they would lose their roles.',
    );
  }
  if (inactiveHolders > 0) {
    why.push(
      `inactive_users: keep, because ${inactiveHolders === 1 ? '1 inactive user holds' : `${inactiveHolders} inactive users hold`} roles: with remove`,
      '(the default), plan takes the roles of deactivated users away. drift lists them as',
      'findings until they are removed in ftrack or the setting is changed.',
    );
  }
  const ignoreUsers = manage === 'owned' ? [...inexpressible].sort(compareStrings) : [];
  if (ignoreUsers.length > 0) {
    why.push('ignore_users: the users whose roles the format cannot express (listed below).');
  }
  return { manage, inactiveUsers: inactiveHolders > 0 ? 'keep' : 'remove', ignoreUsers, why };
}

function createContext(current: CurrentState): Context {
  const badProjects = new Map<string, string | undefined>();
  return {
    projectsById: new Map(current.projects.map((p) => [p.id, p])),
    roleById: new Map(current.roles.map((r) => [r.id, r])),
    roleType: new Map(current.roles.map((r) => [r.name, r.type])),
    privateProjects: new Set(current.projects.filter((p) => p.isPrivate).map((p) => p.name)),
    // Once per project name: the same projects are granted to thousands of users.
    badProject: (name) => {
      if (!badProjects.has(name)) badProjects.set(name, whyBadProject(name, current.projects));
      return badProjects.get(name);
    },
  };
}

function whyBadProject(name: string, projects: CurrentState['projects']): string | undefined {
  if (!VALID_NAME.test(name)) return `project name ${JSON.stringify(name)} is not a valid name`;
  if (isNegated(name))
    return `project name ${JSON.stringify(name)} starts with '!', which no pattern may`;
  if (!isGlob(name)) return undefined;
  // Written in a list, the name is a glob: it must reach exactly its own project (never a
  // private one: a glob reaches open projects only).
  const { reached, leftOut } = expandProjectGlob(name, projects);
  return reached.length === 1 && reached[0] === name && leftOut.length === 0
    ? undefined
    : `project name ${JSON.stringify(name)} reads as a glob`;
}

function scopeOf(a: CurrentState['assignments'][number], ctx: Context): Scope {
  const projects = a.projectIds
    .map((id) => ctx.projectsById.get(id))
    .filter((p): p is CurrentProject => p !== undefined)
    .filter((p) => !(a.allOpen && !p.isPrivate))
    .map((p) => p.name);
  return { all_open: a.allOpen, projects: [...new Set(projects)].sort(compareStrings) };
}

function whyInexpressible(
  username: string,
  roles: { role: string; scope: Scope }[],
  ctx: Context,
): string | undefined {
  if (!VALID_NAME.test(username)) return 'the username is not a valid name in format 1';
  for (const { role, scope } of roles) {
    const type = ctx.roleType.get(role);
    if (!VALID_NAME.test(role)) return `role name ${JSON.stringify(role)} is not a valid name`;
    if (type === 'API') return `holds the API role "${role}", which cannot be given to users`;
    if (type === 'ASSIGNED' && scope.projects.some((p) => ctx.privateProjects.has(p))) {
      return `holds the ASSIGNED role "${role}" on a private project`;
    }
    const bad = scope.projects.map(ctx.badProject).find((why) => why !== undefined);
    if (bad !== undefined) return bad;
  }
  return undefined;
}
