import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitPlan } from '../../../src/apply/index.js';
import { userEffects } from '../../../src/apply/plan-calls.js';
import type { CurrentState } from '../../../src/current/types.js';
import { planChanges } from '../../../src/plan/index.js';
import { planCaseArb, ROLES } from '../plan/arbitraries.js';
import { desiredState, serverState, type ConfigSpec } from '../plan/builders.js';
import { applyOperations, effectiveAccess } from '../plan/simulator.js';

function plan(current: CurrentState, config: ConfigSpec) {
  return planChanges({ desired: desiredState(config), current, apiUser: 'svc', now: new Date() })
    .plan;
}

/** Active users holding `role` on all open projects or on some project (the min_holders count). */
function holders(state: CurrentState, role: string): number {
  const roleId = state.roles.find((r) => r.name === role)?.id;
  const active = new Set(state.users.filter((u) => u.isActive).map((u) => u.id));
  return state.assignments.filter(
    (a) => a.roleId === roleId && active.has(a.userId) && (a.allOpen || a.projectIds.length > 0),
  ).length;
}

describe('splitPlan', () => {
  const current = serverState({
    users: [
      { username: 'ana', roles: { Lead: ['alpha'] } },
      { username: 'bo', roles: { Supervisor: 'all-open' } },
      { username: 'cy', roles: { User: ['alpha'] } },
    ],
  });
  const config: ConfigSpec = {
    settings: { protected: [{ role: 'Supervisor', minHolders: 1 }] },
    users: { ana: { Supervisor: 'all-open' }, bo: {}, cy: { User: ['alpha', 'beta'] } },
  };
  const planned = plan(current, config);

  it('says what each user does to the protected holders', () => {
    expect(Object.fromEntries(userEffects(planned, current))).toEqual({
      'u-ana': { name: 'ana', gains: ['Supervisor'], losses: [], removesAccess: true },
      'u-bo': { name: 'bo', gains: [], losses: ['Supervisor'], removesAccess: true },
      'u-cy': { name: 'cy', gains: [], losses: [], removesAccess: false },
    });
  });

  it('the new holder of a protected role is changed before the one who loses it', () => {
    const calls = splitPlan(planned, current, 1);
    expect(calls.map((c) => [c.index, c.count, c.users, c.changes.map((x) => x.role)])).toEqual([
      [1, 3, ['cy'], ['User']],
      [2, 3, ['ana'], ['Lead', 'Supervisor']],
      [3, 3, ['bo'], ['Supervisor']],
    ]);
    expect(calls.flatMap((c) => c.operations)).toHaveLength(planned.operations.length);
  });

  it('one call without a limit, or when the plan fits', () => {
    expect(splitPlan(planned, current)).toHaveLength(1);
    expect(splitPlan(planned, current, planned.operations.length)).toEqual([
      {
        index: 1,
        count: 1,
        users: ['ana', 'bo', 'cy'],
        operations: planned.operations,
        changes: planned.changes,
      },
    ]);
  });
});

const withProtected = fc.record({
  planCase: planCaseArb,
  protect: fc.subarray(ROLES, { minLength: 1 }),
  max: fc.integer({ min: 1, max: 6 }),
});

describe('chunked applies of real plans (strict reference server)', () => {
  it('each chunk is valid on its own, the chunks together give the plan, and no protected role dips', () => {
    fc.assert(
      fc.property(withProtected, ({ planCase: { server, config }, protect, max }) => {
        const current = serverState(server);
        const settings = {
          ...config.settings,
          protected: protect.map((role) => ({ role, minHolders: 1 })),
        };
        const planned = plan(current, { ...config, settings });
        const calls = splitPlan(planned, current, max);
        const whole = applyOperations(current, planned.operations);
        let state = current;
        for (const call of calls) {
          state = applyOperations(state, call.operations); // throws if a strict server refuses
          for (const role of protect) {
            expect(holders(state, role)).toBeGreaterThanOrEqual(
              Math.min(holders(current, role), holders(whole, role)),
            );
          }
        }
        expect(effectiveAccess(state)).toEqual(effectiveAccess(whole));
        expect(calls.flatMap((c) => c.changes).length).toBe(planned.changes.length);
      }),
      { numRuns: 200 },
    );
  });
});
