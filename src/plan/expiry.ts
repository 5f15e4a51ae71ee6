import type { Diagnostic } from '../diagnostics/index.js';
import { formatSource, type SourceRef } from '../model/index.js';
import { dayOf, formatDay, parseDay } from '../model/dates.js';
import type { DesiredGrant, DesiredGroup, DesiredState, DesiredUser } from '../desired/types.js';

/**
 * Expiring grants (`until: YYYY-MM-DD` in the object form of a scope). Dates are UTC days:
 * from the `until` day on, the scope is no longer desired (the last day of access is the
 * day before). The clock is a parameter, so tests choose the day.
 */

/** Diagnostic codes of expiring grants (documented in docs/format.md). */
export const EXPIRY_CODES = {
  expiresSoon: 'FR312',
  expired: 'FR313',
} as const;

/** One expired scope taken out of the desired state. */
export interface ExpiredGrant {
  role: string;
  until: string;
  /** The role key of the expired scope (with `group` when it is a group's grant). */
  source: SourceRef;
  /** The user it was given to (for a user entry, or a member listed in the config). */
  user?: string;
  /** The config group of an `ftrack_group` group (members known only at plan time). */
  group?: string;
}

/** True when a `until` day has come (or passed) on the UTC day of `now`. */
export function hasExpired(until: string, now: Date): boolean {
  const day = parseDay(until);
  return day !== undefined && day <= dayOf(now);
}

const refKey = (r: SourceRef) => `${r.file}:${r.line}:${r.col}:${r.group ?? ''}`;

/**
 * The desired state without the scopes whose `until` day has come, and what was taken out.
 * A grant left without any source is dropped; the user stays declared (and managed), so
 * `plan` removes the role. Returns fresh maps for the changed parts.
 */
export function dropExpiredGrants(
  desired: DesiredState,
  now: Date,
): { desired: DesiredState; expired: ExpiredGrant[] } {
  const expired: ExpiredGrant[] = [];
  const users = new Map<string, DesiredUser>();
  for (const [name, user] of desired.users) users.set(name, dropFromUser(user, now, expired));
  const groups = new Map<string, DesiredGroup>();
  for (const [name, group] of desired.groups) {
    const live = group.roles.filter((g) => g.until === undefined || !hasExpired(g.until.date, now));
    if (group.ftrackGroup !== undefined) {
      for (const g of group.roles.filter((r) => !live.includes(r))) {
        const source = { ...g.source, group: name };
        expired.push({ role: g.role, until: g.until!.date, source, group: name });
      }
    }
    groups.set(name, live.length === group.roles.length ? group : { ...group, roles: live });
  }
  return { desired: { ...desired, users, groups }, expired };
}

function dropFromUser(user: DesiredUser, now: Date, expired: ExpiredGrant[]): DesiredUser {
  const ending = [...user.roles.values()].some((grant) =>
    grant.expiries?.some((e) => hasExpired(e.until, now)),
  );
  if (!ending) return user; // the usual case: nothing to copy
  let changed = false;
  const roles = new Map<string, DesiredGrant>();
  for (const [role, grant] of user.roles) {
    const ended = (grant.expiries ?? []).filter((e) => hasExpired(e.until, now));
    if (ended.length === 0) {
      roles.set(role, grant);
      continue;
    }
    changed = true;
    for (const e of ended) {
      expired.push({ role, until: e.until, source: e.source, user: user.username });
    }
    const gone = new Set(
      ended
        .flatMap((e) => [
          e.source,
          ...(e.allOpen ? [e.allOpen] : []),
          ...e.projects.map((p) => p.source),
        ])
        .map(refKey),
    );
    const keep = (refs: readonly SourceRef[]) => refs.filter((r) => !gone.has(refKey(r)));
    const sources = keep(grant.sources);
    if (sources.length === 0) continue;
    const projects = new Map<string, SourceRef[]>();
    for (const [project, refs] of grant.projects) {
      const left = keep(refs);
      if (left.length > 0) projects.set(project, left);
    }
    const expiries = (grant.expiries ?? []).filter((e) => !ended.includes(e));
    roles.set(role, {
      role,
      allOpen: keep(grant.allOpen),
      projects,
      sources,
      ...(expiries.length === 0 ? {} : { expiries }),
    });
  }
  return changed ? { ...user, roles } : user;
}

/**
 * The role keys (`file:line:col`, with ` (group NAME)` for a group's grant) of the scopes
 * with an `until:` day, and that day: a change whose sources include one gives access that
 * ends (the plan's `changes[].expiring`). Call it on the desired state without the grants
 * that have ended.
 */
export function findExpiringSources(desired: DesiredState): Map<string, string> {
  const found = new Map<string, string>();
  for (const user of desired.users.values()) {
    for (const grant of user.roles.values()) {
      for (const e of grant.expiries ?? []) found.set(formatSource(e.source), e.until);
    }
  }
  for (const [name, group] of desired.groups) {
    for (const g of group.roles) {
      if (g.until !== undefined)
        found.set(formatSource({ ...g.source, group: name }), g.until.date);
    }
  }
  return found;
}

/**
 * FR312 (warning): a grant ends within `settings.expiry_warning_days` days (default 14);
 * FR313 (warning): a grant has ended and is still in the config (plan removes it).
 * One diagnostic per `until` node, at its position.
 */
export function findExpiryDiagnostics(desired: DesiredState, now: Date): Diagnostic[] {
  const window = desired.settings.expiryWarningDays;
  const today = dayOf(now);
  const found: Diagnostic[] = [];
  const check = (until: string, at: SourceRef, what: string) => {
    const day = parseDay(until);
    if (day === undefined) return;
    const left = day - today;
    if (left <= 0) {
      found.push({
        severity: 'warning',
        code: EXPIRY_CODES.expired,
        summary: `${what} ended on ${until}: it is no longer desired, and plan removes it`,
        hint: 'delete the expired grant from the config (or move its until date if the work goes on)',
        source: at,
      });
    } else if (left <= window) {
      found.push({
        severity: 'warning',
        code: EXPIRY_CODES.expiresSoon,
        summary: `${what} ends in ${left} day${left === 1 ? '' : 's'}: from ${until} it is no longer desired (last day ${formatDay(day - 1)})`,
        hint: 'move the until date if the work goes on; otherwise plan removes the grant on that day',
        source: at,
      });
    }
  };
  for (const user of desired.users.values()) {
    for (const [role, grant] of user.roles) {
      for (const e of grant.expiries ?? []) {
        if (e.source.group === undefined)
          check(e.until, e.at, `the grant of role '${role}' to user '${user.username}'`);
      }
    }
  }
  for (const group of desired.groups.values()) {
    for (const g of group.roles) {
      if (g.until !== undefined)
        check(g.until.date, g.until.at, `the grant of role '${g.role}' to group '${group.name}'`);
    }
  }
  return found;
}
