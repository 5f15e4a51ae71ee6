import type { CurrentState } from '../../../src/current/index.js';

/** A small current state: two roles, three projects, three users. */
export function sampleState(): CurrentState {
  return {
    server: 'http://127.0.0.1:1',
    roles: [
      { id: 'r-admin', name: 'Administrator', type: 'PROJECT' },
      { id: 'r-user', name: 'User', type: 'PROJECT' },
    ],
    projects: [
      { id: 'p-alpha', name: 'alpha', fullName: 'Alpha', isPrivate: false, status: 'active' },
      { id: 'p-beta', name: 'beta', fullName: 'Beta', isPrivate: false, status: 'active' },
      { id: 'p-secret', name: 'secret', fullName: 'Secret', isPrivate: true, status: 'active' },
    ],
    users: [
      { id: 'u-admin', username: 'admin', isActive: true },
      { id: 'u-ana', username: 'ana', isActive: true },
      { id: 'u-bo', username: 'bo', isActive: false },
    ],
    assignments: [
      { id: 'a1', userId: 'u-admin', roleId: 'r-admin', allOpen: true, projectIds: [] },
      {
        id: 'a2',
        userId: 'u-ana',
        roleId: 'r-user',
        allOpen: false,
        projectIds: ['p-alpha', 'p-secret'],
      },
      { id: 'a3', userId: 'u-ana', roleId: 'r-admin', allOpen: false, projectIds: [] },
      { id: 'a4', userId: 'u-bo', roleId: 'r-user', allOpen: true, projectIds: [] },
    ],
  };
}
