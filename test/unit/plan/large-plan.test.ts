import { describe, expect, it } from 'vitest';
import { PLAN_CODES, planChanges } from '../../../src/plan/index.js';
import { findLargePlan, LARGE_PLAN_OPERATIONS } from '../../../src/plan/plan-annotations.js';
import { desiredState, serverState } from './builders.js';

describe('FR415: a plan too large for one comfortable call', () => {
  it('warns above the threshold, not at it', () => {
    expect(LARGE_PLAN_OPERATIONS).toBe(1000);
    expect(findLargePlan(LARGE_PLAN_OPERATIONS)).toEqual([]);
    expect(findLargePlan(LARGE_PLAN_OPERATIONS + 1)).toEqual([
      {
        severity: 'warning',
        code: PLAN_CODES.largePlan,
        summary: 'The plan has 1001 operations, more than 1000: apply sends them in one call',
        hint: expect.stringContaining('`apply --max-operations-per-call 1000`') as string,
      },
    ]);
  });

  it('is among the warnings of a plan with more operations', () => {
    const names = Array.from({ length: 501 }, (_, i) => `user${String(i).padStart(3, '0')}`);
    const plan = (users: string[]) =>
      planChanges({
        desired: desiredState({
          users: Object.fromEntries(users.map((u) => [u, { User: ['alpha'] }])),
        }),
        current: serverState({ users: names.map((username) => ({ username })) }),
        apiUser: 'svc',
        now: new Date(),
      }).plan;
    const large = plan(names); // an add and a grant each: 1002 operations
    expect(large.operations).toHaveLength(1002);
    expect(large.warnings.map((w) => w.code)).toEqual([PLAN_CODES.largePlan]);
    const small = plan(names.slice(0, 500)); // 1000 operations
    expect(small.warnings).toEqual([]);
  });
});
