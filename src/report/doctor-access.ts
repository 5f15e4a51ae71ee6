import type { DoctorCheck } from './doctor-types.js';

/** The role the API user needs on all open projects to change roles (product spec §6). */
export const ADMINISTRATOR = 'Administrator';

/** The API user's rows: its User row and its UserSecurityRole rows (with the role). */
export type AccessSeen =
  | { ok: true; users: readonly unknown[]; assignments: readonly unknown[] }
  | { ok: false; error: Error };

interface Held {
  name: string;
  allOpen: boolean;
}

function readHeld(rows: readonly unknown[]): Held[] {
  return rows.map((row) => {
    const r = row as { is_all_open_projects?: unknown; security_role?: { name?: unknown } };
    const name = r.security_role?.name;
    return {
      name: typeof name === 'string' ? name : '(a role without a name)',
      allOpen: r.is_all_open_projects === true,
    };
  });
}

function describeHeld(held: readonly Held[]): string {
  if (held.length === 0) return 'no role';
  return held
    .map((h) => `${h.name} (${h.allOpen ? 'all open projects' : 'named projects only'})`)
    .sort()
    .join(', ');
}

/**
 * The API user may change roles: it holds a role named `Administrator` on all open projects
 * (what ftrack-roles expects and the emulator enforces; the first apply is the final word on
 * a real server, whose exact rule is not documented). A global API key takes its permissions
 * from the key's own roles, which cannot be read: a warning.
 */
export function checkPermission(
  apiUser: string,
  keyKind: 'personal' | 'global' | 'unknown',
  seen: AccessSeen,
): DoctorCheck {
  const fix = `In ftrack, give ${apiUser} the security role ${ADMINISTRATOR} on all open projects; without it the server refuses every change (PermissionError).`;
  if (!seen.ok) {
    return {
      id: 'permission',
      status: 'error',
      summary: `Cannot read the roles of ${apiUser}: ${seen.error.message}`,
      hint: fix,
    };
  }
  const user = seen.users[0] as { is_active?: unknown } | undefined;
  if (user === undefined || user.is_active === false) {
    return {
      id: 'permission',
      status: 'error',
      summary: `No active user ${apiUser} is found by a query, though the key was accepted.`,
      hint: 'Use the username of an active ftrack user as the API user.',
    };
  }
  const held = readHeld(seen.assignments);
  const details = { roles: held.map((h) => ({ role: h.name, all_open: h.allOpen })) };
  const admin = held.find((h) => h.name === ADMINISTRATOR && h.allOpen);
  if (keyKind === 'global') {
    return {
      id: 'permission',
      status: 'warning',
      summary: `A global API key: its permissions come from the key's own roles, which cannot be read; ${apiUser} holds ${describeHeld(held)}.`,
      hint: 'The first apply finds out (PermissionError, nothing applied). A personal key of a user holding Administrator on all open projects can be checked here.',
      details,
    };
  }
  if (admin !== undefined) {
    return {
      id: 'permission',
      status: 'ok',
      summary: `${apiUser} holds ${ADMINISTRATOR} on all open projects: it may change roles.`,
      details,
    };
  }
  return {
    id: 'permission',
    status: 'error',
    summary: `${apiUser} holds ${describeHeld(held)}: ftrack-roles needs ${ADMINISTRATOR} on all open projects to change roles.`,
    hint: fix,
    details,
  };
}

/**
 * The case of a name in a query: the API user's username in other case (`variant`) finds
 * the user on a case-insensitive server. Undefined `variant`: the name has no letters.
 */
export function checkCollation(
  apiUser: string,
  variant: string | undefined,
  seen: { ok: true; rows: readonly unknown[] } | { ok: false; error: Error },
): DoctorCheck {
  if (variant === undefined) {
    return {
      id: 'collation',
      status: 'info',
      summary: `Cannot tell: the API user's name ${apiUser} has no letters to change the case of.`,
    };
  }
  if (!seen.ok) {
    return {
      id: 'collation',
      status: 'info',
      summary: `Cannot tell: the query for "${variant}" failed: ${seen.error.message}`,
    };
  }
  const found = seen.rows.length > 0;
  return {
    id: 'collation',
    status: 'info',
    summary: found
      ? `Names compare case-insensitively: a query for "${variant}" finds ${apiUser}.`
      : `Names compare case-sensitively: a query for "${variant}" does not find ${apiUser}.`,
    ...(found
      ? {
          hint: 'To this server, names differing only in case are the same name: write names in the config exactly as ftrack shows them (ftrack-roles compares them exactly).',
        }
      : {}),
    details: { case_insensitive: found },
  };
}
