import type { CurrentDirectory, CurrentRole } from '../current/types.js';
import type { DesiredGrant, DesiredState, DesiredUser } from '../desired/types.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/index.js';
import {
  formatSource,
  receive,
  type Handover,
  type RoleName,
  type Scope,
  type SourceRef,
  type UserName,
} from '../model/index.js';
import { didYouMean } from '../model/suggest.js';
import { PLAN_CODES } from './codes.js';
import { collectDesiredUsers } from './desired-users.js';
import { findLookAlikes } from './look-alikes.js';
import { createProjectResolver, type ProjectResolver } from './resolve-projects.js';
import { canonicalScope, makeScope } from './scope.js';
import type { PlanGlob, PlanGroup } from './types.js';

/** A desired (user, role) pair resolved against the server: canonical scope of real projects. */
export interface ResolvedGrant {
  role: RoleName;
  scope: Scope;
  sources: SourceRef[];
}

export interface ResolvedUser {
  username: UserName;
  /**
   * False for a user who is in the config only as a member of `members: all-active` groups
   * (a baseline): only the owned roles of their grants are decided for them.
   */
  declared: boolean;
  sources: SourceRef[];
  roles: Map<RoleName, ResolvedGrant>;
}

export interface ResolvedDesired {
  /** Declared users that exist on the server (unknown users are diagnostics). */
  users: Map<UserName, ResolvedUser>;
  globs: PlanGlob[];
  /** The config groups that read their members from ftrack groups, as expanded. */
  groups: PlanGroup[];
  /** Plan-time diagnostics, sorted; errors make the plan unusable. */
  diagnostics: Diagnostic[];
  /**
   * Roles of config groups whose ftrack group could not be read (an error): who should
   * hold them is unknown, so they are not owned in this plan.
   */
  unresolvedRoles: Set<RoleName>;
}

interface Context {
  desired: DesiredState;
  roles: Map<string, CurrentRole>;
  openProjects: Set<string>;
  privateProjects: Set<string>;
  projects: ProjectResolver;
  report: (d: Diagnostic) => void;
}

/**
 * Resolves the desired state against the server's current state (pure): ftrack-group
 * members, project globs, unknown users/roles/projects with "did you mean", `API` roles,
 * `ASSIGNED` roles on private projects, inactive users.
 */
export function resolveDesiredState(
  given: DesiredState | Handover<DesiredState>,
  current: CurrentDirectory,
): ResolvedDesired {
  // A handed-over state is used up: each user is let go once resolved (see preparePlan).
  const { value: desired, owned } = receive(given);
  const seen = new Map<string, Diagnostic>();
  const report = (d: Diagnostic) => {
    const key = `${d.code}\u0000${d.source ? formatSource(d.source) : ''}\u0000${d.summary}`;
    if (!seen.has(key)) seen.set(key, d);
  };
  const collected = collectDesiredUsers(desired, current);
  collected.diagnostics.forEach(report);
  findLookAlikes(collected.users, current, report);
  if (owned) desired.users.clear(); // `collected` holds them now
  const ctx: Context = {
    desired,
    roles: new Map(current.roles.map((r) => [r.name, r])),
    openProjects: new Set(current.projects.filter((p) => !p.isPrivate).map((p) => p.name)),
    privateProjects: new Set(current.projects.filter((p) => p.isPrivate).map((p) => p.name)),
    projects: createProjectResolver(current.projects, report),
    report,
  };
  checkProtectedRoles(ctx);
  const serverUsers = new Map(current.users.map((u) => [u.username, u]));
  const users = new Map<UserName, ResolvedUser>();
  for (const [username, user] of collected.users) {
    if (owned) collected.users.delete(username); // deleting the current entry is safe
    const known = serverUsers.get(username);
    const at = user.sources[0];
    if (known === undefined) {
      report({
        severity: 'error',
        code: PLAN_CODES.unknownUser,
        summary: `Unknown user "${username}": the server has no user with this username${didYouMean(username, serverUsers.keys())}`,
        hint: 'Create the user in ftrack first.',
        ...(at ? { source: at } : {}),
      });
      resolveRoles(user, ctx); // still checks the roles and projects it asks for
      continue;
    }
    if (!known.isActive) {
      report({
        severity: 'warning',
        code: PLAN_CODES.inactiveUser,
        summary:
          ctx.desired.settings.inactiveUsers === 'keep'
            ? `User "${username}" is inactive on the server: they are left alone (settings.inactive_users: keep)`
            : `User "${username}" is inactive on the server: they lose the roles the config manages for them (settings.inactive_users: remove)`,
        hint: 'Remove the user from the config if they have left.',
        ...(at ? { source: at } : {}),
      });
    }
    users.set(username, {
      username,
      declared: user.declared !== false,
      sources: user.sources,
      roles: resolveRoles(user, ctx),
    });
  }
  return {
    users,
    globs: ctx.projects.globs(),
    groups: collected.groups,
    diagnostics: sortDiagnostics([...seen.values()]),
    unresolvedRoles: collected.unresolvedRoles,
  };
}

/**
 * A protected role the server does not have would protect nothing: its min-holders rule
 * would be switched off by a typo (`administrator`). It is an error, with "did you mean".
 */
function checkProtectedRoles(ctx: Context): void {
  for (const entry of ctx.desired.settings.protected) {
    if (ctx.roles.has(entry.role)) continue;
    ctx.report({
      severity: 'error',
      code: PLAN_CODES.unknownProtectedRole,
      summary: `Unknown protected role "${entry.role}": the server has no role with this name${didYouMean(entry.role, ctx.roles.keys())}`,
      hint: 'Name the role as ftrack does (names are case-sensitive); a protected role that does not exist would protect nothing.',
      ...(entry.source === undefined ? {} : { source: entry.source }),
    });
  }
}

function resolveRoles(user: DesiredUser, ctx: Context): Map<RoleName, ResolvedGrant> {
  const roles = new Map<RoleName, ResolvedGrant>();
  for (const [name, grant] of user.roles) {
    const role = checkRole(name, grant, ctx);
    const projects = [...grant.projects].flatMap(([pattern, refs]) => {
      const names = ctx.projects.expand(pattern, refs);
      if (role?.type === 'ASSIGNED') checkAssigned(role, names, refs, ctx);
      return names;
    });
    if (role === undefined) continue;
    const scope = makeScope(grant.allOpen.length > 0, projects);
    roles.set(name, {
      role: name,
      scope: canonicalScope(scope, (p) => ctx.openProjects.has(p)),
      sources: grant.sources,
    });
  }
  return roles;
}

/** The server role a grant names, or undefined (with a diagnostic) when it cannot be given. */
function checkRole(name: string, grant: DesiredGrant, ctx: Context): CurrentRole | undefined {
  const role = ctx.roles.get(name);
  const at = grant.sources;
  if (role === undefined) {
    for (const source of at) {
      ctx.report({
        severity: 'error',
        code: PLAN_CODES.unknownRole,
        summary: `Unknown security role "${name}": the server has no role with this name${didYouMean(name, ctx.roles.keys())}`,
        hint: 'Create the role in ftrack first.',
        source,
      });
    }
    return undefined;
  }
  if (role.type === 'API') {
    for (const source of at) {
      ctx.report({
        severity: 'error',
        code: PLAN_CODES.apiRoleGiven,
        summary: `"${name}" is an API role: it belongs to API keys and cannot be given to users`,
        hint: 'Remove this grant, or use a PROJECT role.',
        source,
      });
    }
    return undefined;
  }
  if (ctx.desired.catalogue.get(name)?.retired === true) {
    for (const source of at) {
      ctx.report({
        severity: 'error',
        code: PLAN_CODES.retiredRoleGranted,
        summary: `"${name}" is retired in the role catalogue but still granted`,
        hint: 'Remove the grant, or un-retire the role.',
        source,
      });
    }
    return undefined;
  }
  return role;
}

function checkAssigned(
  role: CurrentRole,
  names: string[],
  refs: readonly SourceRef[],
  ctx: Context,
) {
  for (const project of names.filter((p) => ctx.privateProjects.has(p))) {
    for (const source of refs) {
      ctx.report({
        severity: 'error',
        code: PLAN_CODES.assignedRoleOnPrivateProject,
        summary: `"${role.name}" is an ASSIGNED role and cannot be granted on the private project "${project}"`,
        hint: 'Use a PROJECT role for private projects.',
        source,
      });
    }
  }
}
