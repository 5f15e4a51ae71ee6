import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlanOperations, rebuildOperations } from '../../../src/apply/index.js';
import { ConfigError } from '../../../src/diagnostics/index.js';
import { planChanges, type Plan } from '../../../src/plan/index.js';
import { planCaseArb } from '../plan/arbitraries.js';
import { desiredState, serverState, type ConfigSpec, type ServerSpec } from '../plan/builders.js';

function planOf(server: ServerSpec, config: ConfigSpec) {
  const current = serverState(server);
  const { plan } = planChanges({
    desired: desiredState(config),
    current,
    apiUser: 'svc',
    now: new Date(),
  });
  return { plan, current };
}

function refusal(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const diagnostic = (error as ConfigError).diagnostics[0];
    return `${diagnostic?.code}: ${diagnostic?.summary}`;
  }
  return 'accepted';
}

const SWAP = {
  server: { users: [{ username: 'ana', roles: { Reviewer: ['alpha', 'secret'] } }] },
  config: { users: { ana: { Lead: ['alpha', 'secret'] } } },
};

describe('rebuildOperations', () => {
  it('rebuilds exactly the planner operations from the changes (any plan)', () => {
    fc.assert(
      fc.property(planCaseArb, ({ server, config }) => {
        const { plan, current } = planOf(server, config);
        expect(rebuildOperations(plan, current)).toEqual(plan.operations);
        expect(() => checkPlanOperations(plan, current, 'plan.json')).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('rebuilds a role swap as one update_user_security_role', () => {
    const { plan, current } = planOf(SWAP.server, SWAP.config);
    expect(plan.operations).toEqual([
      {
        action: 'update_user_security_role',
        user_id: 'u-ana',
        role_id: 'r-Reviewer',
        new_role_id: 'r-Lead',
      },
    ]);
    expect(rebuildOperations(plan, current)).toEqual(plan.operations);
  });
});

describe('checkPlanOperations refuses an edited plan file (FR467)', () => {
  const server: ServerSpec = {
    users: [
      { username: 'ana', roles: { User: ['alpha'] } },
      { username: 'bo', roles: { Reviewer: 'all-open' } },
    ],
  };
  const config: ConfigSpec = { users: { ana: { User: 'all-open' }, bo: {} } };
  const { plan, current } = planOf(server, config);
  const edit = (change: (copy: Plan) => void): Plan => {
    const copy = structuredClone(plan);
    change(copy);
    return copy;
  };
  const check = (p: Plan) => refusal(() => checkPlanOperations(p, current, 'plan.json'));

  it('accepts the genuine plan', () => {
    expect(plan.operations.length).toBeGreaterThan(1);
    expect(check(plan)).toBe('accepted');
  });

  it.each([
    ['an operation dropped', (p: Plan) => void p.operations.pop(), /operation #2 is not/],
    ['operations reordered', (p: Plan) => void p.operations.reverse(), /operation #1 is not/],
    [
      'an operation aimed at another user',
      (p: Plan) => void (p.operations[0]!.user_id = 'u-svc'),
      /operation #1 is not/,
    ],
    [
      'a change removed (operations kept)',
      (p: Plan) => void p.changes.pop(),
      /summary does not match/,
    ],
    [
      'a change for an unmanaged user',
      (p: Plan) => void (p.changes[0]!.user = 'svc'),
      /not managed/,
    ],
    [
      'a before that is not the current scope',
      (p: Plan) => void (p.changes[0]!.before = null),
      /does not start from the current scope/,
    ],
    [
      'a summary lowered under the removal limit',
      (p: Plan) => void (p.summary.removals = 0),
      /summary does not match/,
    ],
  ])('refuses %s', (_name, change, expected) => {
    const result = check(edit(change));
    expect(result).toMatch(/^FR467: The plan file was modified: /);
    expect(result).toMatch(expected);
  });
});
