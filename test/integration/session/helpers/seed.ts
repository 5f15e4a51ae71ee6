import type { EmulatorSeed, SeedScope } from '../../../../src/emulator/index.js';

export const ADMIN_KEY = 'local-admin-key-never-print-me';
export const ANA_KEY = 'ana-key-never-print-me';

/** Names that need quoting care: quotes, %, unicode, a backslash (refused in queries). */
export const TRICKY_USERNAMES = ['quote"user', "o'hara", 'pct%user', 'zoë.日本', 'like%"both"'];
export const TRICKY_PROJECTS = ['The "Thing"', '100% done', 'Ünïcödé ショー', "it's"];
export const BACKSLASH_USERNAME = 'domain\\bob';

const ALL_OPEN_USER: Record<string, SeedScope> = { User: 'all-open' };
const NO_ROLES: Record<string, SeedScope> = {};

/** A studio with an admin, a plain user, tricky names and `extraUsers` generated users. */
export function studioSeed(extraUsers = 50): EmulatorSeed {
  return {
    security_roles: [
      { name: 'Administrator', type: 'PROJECT' },
      { name: 'User', type: 'PROJECT' },
      { name: 'Restricted User', type: 'ASSIGNED' },
      { name: 'API', type: 'API' },
    ],
    projects: [
      { name: 'alpha', full_name: 'Alpha', is_private: false },
      { name: 'secret', full_name: 'Secret', is_private: true },
      ...TRICKY_PROJECTS.map((name) => ({ name, full_name: name })),
    ],
    users: [
      { username: 'admin', api_key: ADMIN_KEY, roles: { Administrator: 'all-open' } },
      { username: 'render-farm', type: 'service', roles: { User: ['alpha'] } },
      { username: 'ana', api_key: ANA_KEY, roles: { User: ['alpha'] } },
      {
        username: 'bo',
        is_active: false,
        roles: { User: { all_open: true, projects: ['secret'] } },
      },
      ...TRICKY_USERNAMES.map((username) => ({ username, roles: { User: [TRICKY_PROJECTS[0]!] } })),
      { username: BACKSLASH_USERNAME },
      ...Array.from({ length: extraUsers }, (_, i) => ({
        username: `user${String(i).padStart(3, '0')}`,
        roles: i % 3 === 0 ? ALL_OPEN_USER : NO_ROLES,
      })),
    ],
    groups: [
      { name: 'Lighting', members: ['ana', 'bo'] },
      { name: 'Lighting Leads', members: ['ana'], parent: 'Lighting' },
    ],
  };
}
