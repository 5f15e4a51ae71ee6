import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../../src/plan/index.js';
import {
  desiredState,
  normScope,
  serverState,
  type ConfigSpec,
  type ScopeSpec,
  type ServerSpec,
} from './builders.js';
import { applyOperations, effectiveAccess } from './simulator.js';

// The ownership model as a property (docs/format.md, "Ownership"): after applying a plan,
// every holder of an owned role is declared and holds exactly the desired scope; holders of
// roles the files never mention are untouched; additive roles are never reduced; the users
// that are never changed (ignored, the API user, service accounts, inactive users under
// keep) are untouched.

const PROJECTS = ['alpha', 'beta', 'gamma', 'secret'];
const ROLES = ['Supervisor', 'User', 'Reviewer', 'Lead', 'Producer'];
/** `robot` is a service account; `svc` (the builders' API user) holds Administrator, which
 * no file mentions: under `manage: all` only the API-user rule keeps it. */
const USERS = ['ana', 'bo', 'cy', 'di', 'eve', 'robot'];

const scopeArb: fc.Arbitrary<ScopeSpec> = fc.record({
  all_open: fc.boolean(),
  projects: fc.subarray(PROJECTS),
});
const rolesArb = fc.dictionary(fc.constantFrom(...ROLES), scopeArb, { maxKeys: 3 });

const caseArb = fc.record({
  privateProjects: fc.subarray(PROJECTS),
  held: fc.dictionary(fc.constantFrom(...USERS), rolesArb),
  inactive: fc.subarray(USERS),
  wanted: fc.dictionary(fc.constantFrom(...USERS), rolesArb),
  baseline: fc.option(rolesArb, { nil: undefined }),
  additive: fc.subarray(ROLES, { maxLength: 2 }),
  manage: fc.constantFrom('owned' as const, 'all' as const),
  keep: fc.boolean(),
  ignoreCy: fc.boolean(),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function build(c: Case): { server: ServerSpec; config: ConfigSpec } {
  const server: ServerSpec = {
    projects: PROJECTS.map((name) => ({ name, private: c.privateProjects.includes(name) })),
    roles: [{ name: 'Administrator' }, ...ROLES.map((name) => ({ name }))],
    users: USERS.map((username) => ({
      username,
      active: !c.inactive.includes(username),
      type: username === 'robot' ? 'service' : 'user',
      roles: c.held[username] ?? {},
    })),
  };
  const config: ConfigSpec = {
    settings: {
      manage: c.manage,
      inactiveUsers: c.keep ? 'keep' : 'remove',
      ignoreUsers: c.ignoreCy ? ['cy'] : [],
    },
    users: c.wanted,
    ...(c.baseline === undefined
      ? {}
      : { groups: { everyone: { members: 'all-active' as const, roles: c.baseline } } }),
    catalogue: Object.fromEntries(c.additive.map((r) => [r, { ownership: 'additive' as const }])),
  };
  return { server, config };
}

/** The projects a scope reaches on this server. */
function reach(spec: ScopeSpec | undefined, open: string[]): Set<string> {
  if (spec === undefined) return new Set();
  const s = normScope(spec);
  return new Set([...(s.all_open ? open : []), ...s.projects]);
}

const projectsOf = (access: Set<string>, user: string, role: string) =>
  [...access]
    .filter((a) => a.startsWith(`${user}|${role}|`))
    .map((a) => a.split('|')[2]!)
    .sort();

describe('ownership properties (strict reference server)', () => {
  it('after apply, holders of owned roles are declared and hold exactly the desired scope; the rest is untouched', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { server, config } = build(c);
        const current = serverState(server);
        const { plan, diagnostics } = planChanges({
          desired: desiredState(config),
          current,
          apiUser: 'svc',
          now: new Date(),
        });
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const before = effectiveAccess(current);
        const after = effectiveAccess(applyOperations(current, plan.operations));
        const open = PROJECTS.filter((p) => !c.privateProjects.includes(p));
        const active = (u: string) => !c.inactive.includes(u);
        const declared = (u: string) => c.wanted[u] !== undefined;
        const mentioned = new Set([
          ...Object.values(c.wanted).flatMap((roles) => Object.keys(roles)),
          ...Object.keys(c.baseline ?? {}),
          ...c.additive,
        ]);
        const owned = (r: string) => mentioned.has(r) && !c.additive.includes(r);
        expect(plan.managed.owned_roles).toEqual([...mentioned].filter(owned).sort());
        const neverChanged = (u: string) =>
          u === 'svc' ||
          (u === 'cy' && c.ignoreCy) ||
          (u === 'robot' && !declared(u)) ||
          (!active(u) && c.keep);
        for (const user of [...USERS, 'svc']) {
          for (const role of ['Administrator', ...ROLES]) {
            const was = projectsOf(before, user, role);
            const now = projectsOf(after, user, role);
            if (neverChanged(user)) {
              expect(now, `${user} ${role} is never changed`).toEqual(was);
              continue;
            }
            // A baseline member: an active user of the all-active group (a service account
            // only when the files declare it: then it is a person to them).
            const baseline =
              c.baseline !== undefined && active(user) && (user !== 'robot' || declared(user));
            const desired = active(user)
              ? new Set([
                  ...reach(c.wanted[user]?.[role], open),
                  ...(baseline ? reach(c.baseline?.[role], open) : []),
                ])
              : new Set<string>();
            if (c.additive.includes(role)) {
              // Never reduced, and the desired grants are added (inactive: nothing added).
              expect(now, `${user} ${role} additive`).toEqual(
                [...new Set([...was, ...desired])].sort(),
              );
            } else if (declared(user) || owned(role) || c.manage === 'all') {
              // Owned, or all of a declared user's roles: exactly the desired scope.
              expect(now, `${user} ${role} exactly desired`).toEqual([...desired].sort());
              if (owned(role) && now.length > 0) {
                expect(declared(user) || baseline, `${user} holds ${role}: declared`).toBe(true);
              }
            } else {
              // A role the files never mention, on a user they do not declare: untouched.
              expect(now, `${user} ${role} untouched`).toEqual(was);
            }
          }
        }
        // Planning again finds nothing to do.
        const again = planChanges({
          desired: desiredState(config),
          current: applyOperations(current, plan.operations),
          apiUser: 'svc',
          now: new Date(),
        }).plan;
        expect(again.changes).toEqual([]);
      }),
      { numRuns: 300, seed: 29 },
    );
  });
});
