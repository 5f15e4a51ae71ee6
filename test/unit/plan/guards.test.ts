import { describe, expect, it } from 'vitest';
import { SafetyError } from '../../../src/diagnostics/index.js';
import { assertPlanSafe, PLAN_CODES } from '../../../src/plan/index.js';
import { serverState } from './builders.js';
import { runPlan } from './helpers.js';

const five = ['a1', 'a2', 'a3', 'a4', 'a5'].map((username) => ({
  username,
  roles: { User: 'all-open' as const },
}));
const dropAll = {
  settings: { maxRemovals: 3 },
  users: Object.fromEntries(five.map((u) => [u.username, {}])),
};

describe('safety rules', () => {
  it('refuses more removals than max_removals', () => {
    const { plan, refusals } = runPlan({ users: five }, dropAll);
    expect(plan.summary.removals).toBe(5);
    expect(refusals.map((d) => d.code)).toEqual([PLAN_CODES.tooManyRemovals]);
    expect(refusals[0]!.summary).toMatch(/removes access 5 times, more than max_removals \(3\)/);
    expect(refusals[0]!.hint).toMatch(/--allow-removals 5/);
  });

  it('accepts them when --allow-removals names exactly the planned number', () => {
    expect(runPlan({ users: five }, dropAll, 5).refusals).toEqual([]);
  });

  it('refuses when --allow-removals names another number', () => {
    const { refusals } = runPlan({ users: five }, dropAll, 6);
    expect(refusals.map((d) => d.summary)).toEqual([
      expect.stringMatching(/--allow-removals 6 does not match/),
    ]);
  });

  it('counts revoked projects and a revoked all-open, not kept access', () => {
    const { plan } = runPlan(
      {
        users: [
          {
            username: 'ana',
            roles: { User: { all_open: true, projects: ['secret'] }, Lead: ['alpha', 'beta'] },
          },
        ],
      },
      { users: { ana: { User: ['alpha'], Lead: ['alpha'] } } },
    );
    // User: revoke all-open, revoke secret; Lead: revoke beta.
    expect(plan.summary.removals).toBe(3);
  });

  it('refuses to reduce the acting API user', () => {
    const { refusals } = runPlan(
      { users: [] },
      { settings: { ignoreUsers: [] }, users: { svc: { Administrator: ['alpha'] } } },
    );
    expect(refusals.map((d) => [d.code, d.summary])).toEqual([
      [
        PLAN_CODES.apiUserLosesAccess,
        expect.stringMatching(/acting API user "svc" \(role "Administrator"\)/),
      ],
    ]);
  });

  it('lets the API user gain access', () => {
    const { refusals, plan } = runPlan(
      { users: [] },
      {
        settings: { ignoreUsers: [] },
        users: { svc: { Administrator: { all_open: true, projects: ['secret'] } } },
      },
    );
    expect(plan.summary.changes).toBe(1);
    expect(refusals).toEqual([]);
  });

  const admins = [
    { username: 'maria', roles: { Administrator: 'all-open' as const } },
    { username: 'tomas', roles: { Administrator: 'all-open' as const } },
    { username: 'old', active: false, roles: { Administrator: 'all-open' as const } },
  ];
  const protect = { ignoreUsers: ['svc'], protected: [{ role: 'Administrator', minHolders: 3 }] };

  // The builder's server also has the API user svc holding Administrator on all open projects.
  it('refuses to leave a protected role with fewer than min_holders active holders', () => {
    const { refusals } = runPlan(
      { users: admins },
      { settings: protect, users: { maria: { Administrator: 'all-open' }, tomas: {} } },
    );
    expect(refusals.map((d) => [d.code, d.summary])).toEqual([
      [
        PLAN_CODES.protectedRoleBelowMinimum,
        expect.stringMatching(/"Administrator" would have 2 holder/),
      ],
    ]);
  });

  it('only warns when the role was already below the minimum and the plan does not reduce it', () => {
    const { refusals, diagnostics, plan } = runPlan(
      { users: admins.slice(0, 1) },
      { settings: protect, users: { maria: { Administrator: 'all-open' } } },
    );
    expect(refusals).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual([PLAN_CODES.protectedRoleAlreadyBelowMinimum]);
    expect(plan.warnings.map((w) => w.code)).toEqual([PLAN_CODES.protectedRoleAlreadyBelowMinimum]);
  });

  it('assertPlanSafe throws a SafetyError carrying the diagnostics', () => {
    const server = { users: five };
    const { plan } = runPlan(server, dropAll);
    expect(() => assertPlanSafe(plan, serverState(server))).toThrow(SafetyError);
    try {
      assertPlanSafe(plan, serverState(server));
    } catch (error) {
      expect((error as SafetyError).diagnostics.map((d) => d.code)).toEqual([
        PLAN_CODES.tooManyRemovals,
      ]);
      expect((error as SafetyError).message).toMatch(/refused by a safety rule/);
    }
    expect(() => assertPlanSafe(plan, serverState(server), { allowRemovals: 5 })).not.toThrow();
  });
});
