import { describe, expect, it } from 'vitest';
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

describe('preparePlan with consume', () => {
  it('plans exactly as without it, and takes the users out of the desired state it is given', () => {
    const expected = planChanges({
      desired: desiredState(config),
      current: serverState(server),
      apiUser: 'svc',
      now: new Date(0),
    });
    const desired = desiredState(config);
    const current = serverState(server);
    const prepared = preparePlan({ desired, directory: current, now: new Date(0), consume: true });
    expect(desired.users.size).toBe(0);
    const consumed = completePlan(prepared, { current, apiUser: 'svc' });
    expect(consumed).toEqual(expected);
    expect(consumed.plan.changes.length).toBeGreaterThan(0);
    expect(consumed.diagnostics.map((d) => d.code)).toContain('FR401'); // ghost is unknown
  });

  it('leaves the desired state as it is without consume', () => {
    const desired = desiredState(config);
    preparePlan({ desired, directory: serverState(server), now: new Date(0) });
    expect([...desired.users.keys()].sort()).toEqual(['ana', 'bo', 'ghost']);
  });
});
