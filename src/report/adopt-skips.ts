import type { CurrentState } from '../current/types.js';
import { isGlob, isNegated } from '../model/glob.js';
import {
  describeScope,
  formatSources,
  listed,
  type Scope,
  type SourceRef,
} from '../model/index.js';
import { expandProjectGlob } from '../plan/index.js';
import type { AdoptSkip, AdoptSkipReason } from './adopt-types.js';

/** The lines `adopt` writes for what it leaves alone: one per user or (user, role). */

function skip(
  user: string,
  role: string | null,
  reason: AdoptSkipReason,
  summary: string,
  hint: string,
  sources: readonly SourceRef[] = [],
): AdoptSkip {
  return { user, role, reason, summary, hint, sources: formatSources(sources) };
}

/** The group names of sources: `group a`, or `groups a, b`. */
function groupsOf(refs: readonly SourceRef[]): string {
  const names = [...new Set(refs.flatMap((r) => (r.group === undefined ? [] : [r.group])))];
  return `${names.length === 1 ? 'group' : 'groups'} ${listed(names)}`;
}

/** Part of a role comes from groups, and the server does not have it. */
export function groupSkip(
  user: string,
  role: string,
  missing: Scope | null,
  refs: readonly SourceRef[],
): AdoptSkip {
  const groups = groupsOf(refs);
  const what = missing === null ? 'the role' : describeScope(missing);
  return skip(
    user,
    role,
    'group',
    `${what} comes from ${groups}, and the server does not have it; adopt never edits a group`,
    `take ${user} out of ${groups} or change its grant by hand, or run apply to grant it again`,
    refs,
  );
}

/** A user declared through groups only: there is no `users:` entry to change. */
export function groupMemberSkip(
  user: string,
  role: string,
  server: Scope | null,
  refs: readonly SourceRef[],
): AdoptSkip {
  return skip(
    user,
    role,
    'group-member',
    `the server has ${describeScope(server)}; ${user} is declared only as a member of ${groupsOf(refs)}, and adopt changes users: entries only`,
    `declare ${user} under users: to keep it, or run apply to remove it`,
    refs,
  );
}

export function undeclaredSkip(user: string, roles: readonly string[]): AdoptSkip {
  return skip(
    user,
    null,
    'undeclared',
    `holds ${listed(roles)} but is not declared in the files (apply would remove ${roles.length === 1 ? 'it' : 'them'})`,
    `to keep ${roles.length === 1 ? 'it' : 'them'}, run adopt with --add-undeclared FILE, or declare ${user} under users: by hand`,
  );
}

export function inactiveSkip(user: string, refs: readonly SourceRef[]): AdoptSkip {
  return skip(
    user,
    null,
    'inactive',
    'is inactive on the server; adopt does not write the roles of inactive users',
    'reactivate the user in ftrack, or take them out of the files (inactive_users decides what apply does)',
    refs,
  );
}

export function unknownUserSkip(user: string, refs: readonly SourceRef[]): AdoptSkip {
  return skip(
    user,
    null,
    'unknown-user',
    'is declared in the files but not on the server; adopt does not delete entries',
    'take the entry out if the user is gone, or create the user in ftrack',
    refs,
  );
}

export function untilSkip(user: string, role: string, refs: readonly SourceRef[]): AdoptSkip {
  return skip(
    user,
    role,
    'until',
    'the grant ends on a date (until:) or has ended; adopt does not rewrite grants with an end date',
    'edit the grant by hand (its date, or take it out)',
    refs,
  );
}

export function retiredSkip(user: string, role: string, refs: readonly SourceRef[]): AdoptSkip {
  return skip(
    user,
    role,
    'retired',
    'the role is retired in the catalogue; adopt does not grant a retired role',
    'run apply to remove it, or un-retire the role in the catalogue first',
    refs,
  );
}

export function notInCatalogueSkip(user: string, role: string): AdoptSkip {
  return skip(
    user,
    role,
    'not-in-catalogue',
    'the role is not in the role catalogue, so the files cannot grant it',
    `add ${role} under roles: in the catalogue, then run adopt again; or run apply to remove it`,
  );
}

export function inexpressibleSkip(user: string, role: string, why: string): AdoptSkip {
  return skip(
    user,
    role,
    'inexpressible',
    `${why}; the files cannot say it`,
    'change it in ftrack',
  );
}

export function newlyOwnedSkip(user: string, role: string, others: readonly string[]): AdoptSkip {
  return skip(
    user,
    role,
    'newly-owned',
    `adding ${role} would make it a role the files own, and ${listed(others)} would lose it at the next apply`,
    `mark ${role} ownership: additive in the catalogue, or declare its holders, then run adopt again`,
  );
}

export function yamlSkip(
  user: string,
  role: string | null,
  detail: string,
  file: string,
): AdoptSkip {
  return skip(
    user,
    role,
    'yaml',
    `the entry in ${file} cannot be edited in place: ${detail}`,
    'edit the entry by hand',
  );
}

/** The pattern of a name in format 1 (schema `$defs/name`). */
const VALID_NAME = /^\S(?:.*\S)?$/;

/** Why the files cannot give a role with this scope, or undefined when they can. */
export function whyInexpressible(
  role: string,
  scope: Scope,
  current: CurrentState,
): string | undefined {
  const type = current.roles.find((r) => r.name === role)?.type;
  if (!VALID_NAME.test(role)) return `the role name ${JSON.stringify(role)} is not a valid name`;
  if (type === 'API') return `${role} is an API role, which users cannot hold`;
  const isPrivate = (name: string) => current.projects.some((p) => p.name === name && p.isPrivate);
  if (type === 'ASSIGNED' && scope.projects.some(isPrivate)) {
    return `${role} is an ASSIGNED role held on a private project`;
  }
  for (const name of scope.projects) {
    if (!VALID_NAME.test(name) || isNegated(name)) {
      return `the project name ${JSON.stringify(name)} is not a valid name`;
    }
    if (!isGlob(name)) continue;
    const { reached, leftOut } = expandProjectGlob(name, current.projects);
    if (!(reached.length === 1 && reached[0] === name && leftOut.length === 0)) {
      return `the project name ${JSON.stringify(name)} reads as a glob`;
    }
  }
  return undefined;
}
