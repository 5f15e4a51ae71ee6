import type { GeneratedScope, Holdings, Studio } from './generate-studio.js';

/** The emulator seed of product-spec §6 (the server side of the studio). */
export interface BenchSeed {
  security_roles: { name: string; type: string }[];
  projects: { name: string; full_name: string; is_private: boolean }[];
  users: {
    username: string;
    api_key?: string;
    roles: Record<string, 'all-open' | string[] | { all_open: boolean; projects: string[] }>;
  }[];
}

export interface DesiredFile {
  /** Relative to the config directory, e.g. `users/users-001.yaml`. */
  path: string;
  text: string;
}

/** Users per desired file. */
export const USERS_PER_FILE = 1_000;

function seedScope(scope: GeneratedScope): BenchSeed['users'][number]['roles'][string] {
  if (scope.allOpen && scope.projects.length === 0) return 'all-open';
  if (!scope.allOpen) return scope.projects;
  return { all_open: true, projects: scope.projects };
}

export function buildEmulatorSeed(studio: Studio): BenchSeed {
  const seedRoles = (holdings: Holdings): BenchSeed['users'][number]['roles'] =>
    Object.fromEntries(Object.entries(holdings).map(([role, s]) => [role, seedScope(s)]));
  return {
    security_roles: studio.roles.map((name) => ({ name, type: 'PROJECT' })),
    projects: studio.projects.map((p) => ({
      name: p.name,
      full_name: p.fullName,
      is_private: p.isPrivate,
    })),
    users: [
      {
        username: studio.apiUser.username,
        api_key: studio.apiUser.apiKey,
        roles: { Administrator: 'all-open' },
      },
      ...studio.users.map((u) => ({ username: u.username, roles: seedRoles(u.current) })),
    ],
  };
}

function yamlScope(scope: GeneratedScope): string {
  if (scope.allOpen && scope.projects.length === 0) return 'all-open';
  const list = `[${scope.projects.join(', ')}]`;
  return scope.allOpen ? `{ all_open: true, projects: ${list} }` : list;
}

const SETTINGS_LINES = [
  'settings:',
  '  manage: owned',
  "  ignore_users: ['svc-*']",
  '  max_removals: 1000000',
];

function userLines(users: Studio['users']): string[] {
  const lines = ['users:'];
  for (const user of users) {
    lines.push(`  ${user.username}:`, '    roles:');
    for (const [role, scope] of Object.entries(user.desired)) {
      lines.push(`      ${role}: ${yamlScope(scope)}`);
    }
  }
  return lines;
}

export interface RenderOptions {
  /**
   * Everything in one `users.yaml` (settings, roles and every user) instead of
   * `settings.yaml`, `roles.yaml` and one `users/users-NNN.yaml` per USERS_PER_FILE users.
   */
  oneFile?: boolean;
}

/** The desired-state files (format version 1): settings, the role catalogue, users. */
export function renderDesiredFiles(studio: Studio, options: RenderOptions = {}): DesiredFile[] {
  const roleLines = ['roles:', ...studio.roles.map((r) => `  ${r}: {}`)];
  if (options.oneFile === true) {
    const lines = ['version: 1', ...SETTINGS_LINES, ...roleLines, ...userLines(studio.users)];
    return [{ path: 'users.yaml', text: `${lines.join('\n')}\n` }];
  }
  const files: DesiredFile[] = [
    { path: 'settings.yaml', text: ['version: 1', ...SETTINGS_LINES, ''].join('\n') },
    { path: 'roles.yaml', text: ['version: 1', ...roleLines, ''].join('\n') },
  ];
  for (let start = 0; start < studio.users.length; start += USERS_PER_FILE) {
    const lines = ['version: 1', ...userLines(studio.users.slice(start, start + USERS_PER_FILE))];
    const number = String(start / USERS_PER_FILE + 1).padStart(3, '0');
    files.push({ path: `users/users-${number}.yaml`, text: `${lines.join('\n')}\n` });
  }
  return files;
}
