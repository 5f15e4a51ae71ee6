import type { EmulatorSeed } from '../../../src/emulator/index.js';

/** A small studio: two admins (one with a key), a manager without admin, projects, groups. */
export function smallSeed(): EmulatorSeed {
  return {
    security_roles: [
      { name: 'Administrator', type: 'PROJECT' },
      { name: 'User', type: 'PROJECT' },
      { name: 'Supervisor', type: 'PROJECT' },
      { name: 'Restricted User', type: 'ASSIGNED' },
      { name: 'API', type: 'API' },
    ],
    projects: [
      { name: 'alpha', full_name: 'Alpha', is_private: false },
      { name: 'beta', full_name: 'Beta' },
      { name: 'secret', full_name: 'Secret', is_private: true },
    ],
    users: [
      { username: 'admin', api_key: 'admin-key', roles: { Administrator: 'all-open' } },
      { username: 'manager', api_key: 'manager-key', roles: { Administrator: ['alpha'] } },
      {
        username: 'ana',
        first_name: 'Ana',
        roles: { User: ['alpha'], Supervisor: { all_open: true, projects: ['secret'] } },
      },
      { username: 'bo', roles: { User: 'all-open' } },
      {
        username: 'old',
        api_key: 'old-key',
        is_active: false,
        roles: { Administrator: 'all-open' },
      },
    ],
    groups: [
      { name: 'Lighting', members: ['ana', 'bo'] },
      { name: 'Lighting Leads', members: ['ana'], parent: 'Lighting' },
    ],
  };
}

/** POSTs a raw body to the emulator with the given headers (defaults: admin credentials). */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  path = '/api',
): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'ftrack-user': 'admin',
      'ftrack-api-key': 'admin-key',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}
