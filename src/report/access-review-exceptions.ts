import type { CurrentState } from '../current/types.js';
import type { DesiredState, DesiredUser } from '../desired/types.js';
import {
  compareStrings,
  dayOf,
  describeScope,
  formatDay,
  formatSource,
  parseDay,
  type UserName,
} from '../model/index.js';
import type { Plan } from '../plan/index.js';
import { buildDriftReport } from './drift.js';
import {
  EXCEPTION_KINDS,
  type ReviewException,
  type ReviewGrant,
  type ReviewProject,
  type ReviewUser,
} from './access-review-types.js';

export interface ExceptionInput {
  desired: DesiredState;
  current: CurrentState;
  plan: Plan;
  now: Date;
  manyUsers: number;
  desiredUsers: ReadonlyMap<UserName, DesiredUser>;
  grants: readonly ReviewGrant[];
  users: readonly ReviewUser[];
  projects: readonly ReviewProject[];
}

/** The exceptions an auditor looks for, sorted by kind, user, role, project. */
export function findReviewExceptions(input: ExceptionInput): ReviewException[] {
  const found: ReviewException[] = [];
  const add = (
    e: Omit<ReviewException, 'role' | 'project' | 'sources'> & Partial<ReviewException>,
  ) => found.push({ role: null, project: null, sources: [], ...e });
  // Drift: every difference between the server and the files, as `drift` classifies it.
  const drift = buildDriftReport(input);
  for (const d of drift.differences) {
    const parts = [
      d.extra === null ? '' : `holds ${describeScope(d.extra)} the files do not give`,
      d.missing === null ? '' : `lacks ${describeScope(d.missing)} the files give`,
    ].filter((p) => p !== '');
    add({
      kind: 'drift',
      user: d.user,
      role: d.role,
      detail: `${d.kind}${parts.length === 0 ? '' : `: ${parts.join('; ')}`}`,
      sources: d.sources,
    });
  }
  const protectedRoles = new Set(input.desired.settings.protected.map((p) => p.role));
  for (const u of input.users) {
    if (u.roles.length === 0) continue;
    if (!u.declared) {
      add({
        kind: 'undeclared-holder',
        user: u.user,
        detail: `holds ${u.roles.join(', ')}, and the files do not declare the user`,
      });
    }
    if (!u.active) {
      add({
        kind: 'inactive-with-roles',
        user: u.user,
        detail: `is inactive on the server and holds ${u.roles.join(', ')}`,
      });
    }
    for (const role of u.roles) {
      if (protectedRoles.has(role)) {
        add({
          kind: 'protected-role-holder',
          user: u.user,
          role,
          detail: `holds the protected role ${role}`,
        });
      }
    }
  }
  findExpiring(input, add);
  for (const g of input.grants) {
    if (g.project === null && protectedRoles.has(g.role)) {
      add({
        kind: 'protected-all-open',
        user: g.user,
        role: g.role,
        detail: `holds the protected role ${g.role} on all open projects`,
        sources: g.sources.map((s) => s.source),
      });
    }
  }
  for (const p of input.projects) {
    if (p.private && p.users > input.manyUsers) {
      add({
        kind: 'private-many-users',
        user: null,
        project: p.name,
        detail: `private project reached by ${p.users} users (more than ${input.manyUsers})`,
      });
    }
  }
  const order = new Map(EXCEPTION_KINDS.map((k, i) => [k, i]));
  return found.sort(
    (a, b) =>
      order.get(a.kind)! - order.get(b.kind)! ||
      compareStrings(a.user ?? '', b.user ?? '') ||
      compareStrings(a.role ?? '', b.role ?? '') ||
      compareStrings(a.project ?? '', b.project ?? '') ||
      compareStrings(a.detail, b.detail),
  );
}

/** Grants of the files that end within `expiry_warning_days` (users the server has). */
function findExpiring(input: ExceptionInput, add: (e: ReviewException) => void): void {
  const today = dayOf(input.now);
  const window = input.desired.settings.expiryWarningDays;
  const known = new Set(input.users.map((u) => u.user));
  for (const [user, wanted] of input.desiredUsers) {
    if (!known.has(user)) continue;
    for (const [role, grant] of wanted.roles) {
      for (const e of grant.expiries ?? []) {
        const day = parseDay(e.until);
        if (day === undefined || day - today <= 0 || day - today > window) continue;
        add({
          kind: 'expiring-grant',
          user,
          role,
          project: null,
          detail: `the grant ends on ${e.until} (last day ${formatDay(day - 1)}, in ${day - today} days)`,
          sources: [formatSource(e.source)],
        });
      }
    }
  }
}
