import { describe, expect, it } from 'vitest';
import {
  assertPlanFresh,
  findResidualDifferences,
  findStaleness,
  judgeBatchEffect,
} from '../../../src/apply/index.js';
import type { CurrentState } from '../../../src/current/types.js';
import { StalePlanError } from '../../../src/diagnostics/index.js';
import { planChanges } from '../../../src/plan/index.js';
import { desiredState, serverState, type ConfigSpec, type ServerSpec } from '../plan/builders.js';
import { applyOperations } from '../plan/simulator.js';

const SERVER: ServerSpec = {
  users: [
    { username: 'ana', roles: { User: ['alpha'] } },
    { username: 'bo', roles: { Reviewer: 'all-open', Lead: ['secret'] } },
    { username: 'cy', roles: { User: 'all-open' } },
  ],
};
const CONFIG: ConfigSpec = {
  users: { ana: { User: 'all-open' }, bo: { Lead: ['secret', 'beta'] } },
};

function planned(server = SERVER, config = CONFIG) {
  const current = serverState(server);
  const { plan } = planChanges({
    desired: desiredState(config),
    current,
    apiUser: 'svc',
    now: new Date(),
  });
  return { plan, current };
}

function withAssignments(state: CurrentState, edit: (s: CurrentState) => void): CurrentState {
  const copy = structuredClone(state);
  edit(copy);
  return copy;
}

describe('findStaleness', () => {
  it('is empty when the server still matches the plan', () => {
    const { plan, current } = planned();
    expect(findStaleness(plan, current)).toEqual([]);
    expect(() => assertPlanFresh(plan, current)).not.toThrow();
  });

  it('reuses a digest already computed for the same managed users, and only for them', () => {
    const { plan, current } = planned();
    const changed = withAssignments(current, (s) => {
      s.assignments.find((a) => a.id === 'a-ana-User')!.projectIds.push('p-beta');
    });
    expect(findStaleness(plan, changed)).not.toEqual([]);
    // A re-plan's digest of `changed` over the same users is taken as it is...
    const sameUsers = { users: [...plan.managed.users].reverse(), digest: plan.state_digest };
    expect(findStaleness(plan, changed, undefined, sameUsers)).toEqual([]);
    // ...and computed again when its users are not the plan's own on that state.
    const otherUsers = { users: plan.managed.users.slice(1), digest: plan.state_digest };
    expect(findStaleness(plan, changed, undefined, otherUsers)).not.toEqual([]);
    expect(findStaleness(plan, current, undefined, otherUsers)).toEqual([]);
  });

  it('names the planned (user, role) pairs whose scope moved', () => {
    const { plan, current } = planned();
    const changed = withAssignments(current, (s) => {
      s.assignments.find((a) => a.id === 'a-ana-User')!.projectIds.push('p-beta');
    });
    expect(findStaleness(plan, changed)).toEqual([
      'ana / User: planned from alpha, now alpha, beta',
    ]);
    expect(() => assertPlanFresh(plan, changed)).toThrow(StalePlanError);
    try {
      assertPlanFresh(plan, changed);
    } catch (error) {
      expect((error as StalePlanError).message).toContain('Nothing was sent.');
      expect((error as StalePlanError).differences).toHaveLength(1);
    }
  });

  it('reports a managed user change outside the planned pairs in general terms', () => {
    const { plan, current } = planned();
    const changed = withAssignments(current, (s) => {
      s.assignments.push({
        id: 'x',
        userId: 'u-ana',
        roleId: 'r-Lead',
        allOpen: true,
        projectIds: [],
      });
    });
    expect(findStaleness(plan, changed)).toEqual([
      expect.stringContaining('the state digest differs'),
    ]);
  });

  it('says when the plan was probably applied already', () => {
    const { plan, current } = planned();
    const lines = findStaleness(plan, applyOperations(current, plan.operations));
    expect(lines.at(-1)).toBe(
      'every planned change already holds on the server: the plan was probably applied already',
    );
  });

  it('ignores changes to unmanaged users', () => {
    const { plan, current } = planned();
    const changed = withAssignments(current, (s) => {
      s.assignments = s.assignments.filter((a) => a.userId !== 'u-cy');
    });
    expect(findStaleness(plan, changed)).toEqual([]);
  });

  it('names users entering or leaving the managed set (manage: all; a user deleted)', () => {
    const config = { ...CONFIG, settings: { manage: 'all' as const } };
    const { plan, current } = planned(SERVER, config);
    const changed = withAssignments(current, (s) => {
      s.users.push({ id: 'u-di', username: 'di', isActive: true });
      s.users = s.users.filter((u) => u.username !== 'cy');
      s.assignments = s.assignments.filter((a) => a.userId !== 'u-cy');
    });
    expect(findStaleness(plan, changed)).toEqual([
      'user "di" is now managed',
      'user "cy" is no longer managed (deleted or deactivated)',
      'cy / User: planned from all open projects, now not held',
    ]);
  });
});

describe('findResidualDifferences and judgeBatchEffect', () => {
  it('after the whole batch: no difference, "applied"', () => {
    const { plan, current } = planned();
    const after = applyOperations(current, plan.operations);
    expect(findResidualDifferences(plan, after)).toEqual([]);
    expect(judgeBatchEffect(plan, after)).toBe('applied');
  });

  it('without the batch: every change differs, "not-applied"', () => {
    const { plan, current } = planned();
    expect(findResidualDifferences(plan, current)).toHaveLength(plan.changes.length);
    expect(judgeBatchEffect(plan, current)).toBe('not-applied');
  });

  it('after a part of the batch: "partial", naming what does not hold', () => {
    const { plan, current } = planned();
    expect(plan.operations.length).toBeGreaterThan(2);
    for (let k = 1; k < plan.operations.length; k++) {
      const part = applyOperations(current, plan.operations.slice(0, k));
      expect(judgeBatchEffect(plan, part)).not.toBe('not-applied');
    }
    const half = applyOperations(current, plan.operations.slice(0, 1));
    expect(judgeBatchEffect(plan, half)).toBe('partial');
    expect(findResidualDifferences(plan, half)).toContain(
      'bo / Reviewer: expected not held, found all open projects',
    );
  });
});
