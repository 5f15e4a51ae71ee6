import fc from 'fast-check';
import type { ConfigSpec, ScopeSpec, ServerSpec } from './builders.js';

export const PROJECTS = ['alpha', 'beta', 'gamma', 'secret', 'vault'];
export const ROLES = ['Supervisor', 'User', 'Reviewer', 'Lead'];
export const USERS = ['ana', 'bo', 'cy', 'di'];

const scopeArb: fc.Arbitrary<ScopeSpec> = fc.record({
  all_open: fc.boolean(),
  projects: fc.subarray(PROJECTS),
});

const rolesArb = fc.dictionary(fc.constantFrom(...ROLES), scopeArb, { maxKeys: 3 });

/** A server and a config over a few users, roles and projects (some of them private). */
export const planCaseArb: fc.Arbitrary<{ server: ServerSpec; config: ConfigSpec }> = fc
  .record({
    privateProjects: fc.subarray(PROJECTS),
    held: fc.dictionary(fc.constantFrom(...USERS), rolesArb),
    wanted: fc.dictionary(fc.constantFrom(...USERS), rolesArb),
    manageAll: fc.boolean(),
    ignoreCy: fc.boolean(),
    retired: fc.option(fc.constantFrom(...ROLES), { nil: undefined }),
  })
  .map(({ privateProjects, held, wanted, manageAll, ignoreCy, retired }) => {
    const server: ServerSpec = {
      projects: PROJECTS.map((name) => ({ name, private: privateProjects.includes(name) })),
      roles: [{ name: 'Administrator' }, ...ROLES.map((name) => ({ name }))],
      users: USERS.map((username) => ({ username, roles: held[username] ?? {} })),
    };
    const users = Object.fromEntries(
      Object.entries(wanted).map(([u, roles]) => [
        u,
        Object.fromEntries(Object.entries(roles).filter(([role]) => role !== retired)),
      ]),
    );
    const config: ConfigSpec = {
      settings: {
        manage: manageAll ? 'all' : 'declared',
        ignoreUsers: ignoreCy ? ['svc', 'cy'] : ['svc'],
      },
      users,
      ...(retired === undefined ? {} : { catalogue: { [retired]: { retired: true } } }),
    };
    return { server, config };
  });
