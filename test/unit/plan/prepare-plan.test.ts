import { describe, expect, it } from 'vitest';
import { Handover } from '../../../src/model/index.js';
import { completePlan, planChanges, preparePlan } from '../../../src/plan/index.js';
import { desiredState, serverState, type ConfigSpec, type ServerSpec } from './builders.js';

const server: ServerSpec = {
  users: [
    { username: 'ana', roles: { User: ['alpha'] } },
    { username: 'bo', roles: { Lead: 'all-open' } },
    { username: 'cy' },
  ],
  groups: [{ name: 'Lighting', members: ['cy'] }],
};
const config: ConfigSpec = {
  users: { ana: { User: 'all-open' }, bo: {}, ghost: { User: ['alpha'] } },
  groups: { lighting: { ftrackGroup: 'Lighting', roles: { Lead: ['alpha'] } } },
};

describe('preparePlan with a handed-over desired state', () => {
  it('plans exactly as with the state itself, and takes the users out of the state handed over', () => {
    const expected = planChanges({
      desired: desiredState(config),
      current: serverState(server),
      apiUser: 'svc',
      now: new Date(0),
    });
    const desired = desiredState(config);
    const current = serverState(server);
    const handover = new Handover(desired);
    const prepared = preparePlan({ desired: handover, directory: current, now: new Date(0) });
    expect(desired.users.size).toBe(0);
    expect(() => handover.take()).toThrow(/taken twice/);
    const consumed = completePlan(prepared, { current, apiUser: 'svc' });
    expect(consumed).toEqual(expected);
    expect(consumed.plan.changes.length).toBeGreaterThan(0);
    expect(consumed.diagnostics.map((d) => d.code)).toContain('FR401'); // ghost is unknown
  });

  it('leaves the desired state as it is when it is not handed over', () => {
    const desired = desiredState(config);
    preparePlan({ desired, directory: serverState(server), now: new Date(0) });
    expect([...desired.users.keys()].sort()).toEqual(['ana', 'bo', 'ghost']);
  });
});
