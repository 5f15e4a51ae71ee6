import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fetchCurrentState } from '../../../src/current/index.js';
import { startEmulator, type EmulatorSeed } from '../../../src/emulator/index.js';
import { planChanges } from '../../../src/plan/index.js';
import { ApiKey, openSession } from '../../../src/session/index.js';
import { planCaseArb } from '../../unit/plan/arbitraries.js';
import { desiredState, type ConfigSpec, type ServerSpec } from '../../unit/plan/builders.js';

/** The generated server as an emulator seed (the API user `svc` is an administrator). */
function seedOf(server: ServerSpec): EmulatorSeed {
  return {
    security_roles: (server.roles ?? []).map((r) => ({ name: r.name, type: 'PROJECT' as const })),
    projects: (server.projects ?? []).map((p) => ({
      name: p.name,
      is_private: p.private === true,
    })),
    users: [
      { username: 'svc', api_key: 'svc-key', roles: { Administrator: 'all-open' } },
      ...(server.users ?? []).map((u) => ({
        username: u.username,
        is_active: u.active ?? true,
        roles: u.roles ?? {},
      })),
    ],
  };
}

const projects = ['alpha', 'beta', 'secret'].map((name) => ({ name, private: name === 'secret' }));
const roles = ['Administrator', 'User', 'Reviewer', 'Lead'].map((name) => ({ name }));

/** Cases the random runs may miss: the strict-server orderings and a role swap. */
const examples: { server: ServerSpec; config: ConfigSpec }[] = [
  {
    // all-open → open projects: all-open must be revoked before the grants.
    server: { projects, roles, users: [{ username: 'ana', roles: { User: 'all-open' } }] },
    config: { settings: { ignoreUsers: ['svc'] }, users: { ana: { User: ['alpha', 'secret'] } } },
  },
  {
    // projects → all-open with a private project kept, an open one left in place.
    server: { projects, roles, users: [{ username: 'ana', roles: { User: ['alpha', 'secret'] } }] },
    config: {
      settings: { ignoreUsers: ['svc'] },
      users: { ana: { User: { all_open: true, projects: ['secret'] } } },
    },
  },
  {
    // the same scope under another role: update_user_security_role.
    server: {
      projects,
      roles,
      users: [{ username: 'ana', roles: { Reviewer: ['alpha', 'secret'] } }],
    },
    config: { settings: { ignoreUsers: ['svc'] }, users: { ana: { Lead: ['secret', 'alpha'] } } },
  },
];

describe('planner properties on the emulator (a strict server)', () => {
  it('the operations commit in one call, and planning again yields nothing', async () => {
    await fc.assert(
      fc.asyncProperty(planCaseArb, async ({ server, config }) => {
        const emu = await startEmulator({ seed: seedOf(server) });
        const session = openSession({
          server: emu.url,
          apiUser: 'svc',
          apiKey: new ApiKey('svc-key'),
        });
        try {
          const desired = desiredState(config);
          const before = await fetchCurrentState(session);
          const first = planChanges({ desired, current: before, apiUser: 'svc', now: new Date() });
          if (first.plan.operations.length > 0) {
            await emu.call(first.plan.operations, { asUser: 'svc' });
          }
          const after = await fetchCurrentState(session);
          const again = planChanges({ desired, current: after, apiUser: 'svc', now: new Date() });
          expect(again.plan.changes).toEqual([]);
          expect(again.plan.operations).toEqual([]);
        } finally {
          await session.close();
          await emu.stop();
        }
      }),
      { numRuns: 40, examples: examples.map((e) => [e] as [typeof e]) },
    );
  });
});
