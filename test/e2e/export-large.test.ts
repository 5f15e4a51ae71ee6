import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import {
  startEmulator,
  type Emulator,
  type EmulatorSeed,
  type SeedScope,
} from '../../src/emulator/index.js';
import { USERS_PER_FILE } from '../../src/render/index.js';
import { fakeIo } from './fake-io.js';

/**
 * Issue 17: the bootstrap path (export → plan) at the L size of the benchmarks, 50,000
 * users. One role each (the benchmark studio's three roles a user took two minutes here,
 * emulator and CLI in one process), in every form of scope; 40% of the names start with
 * "a", so that letter is cut into parts. Behaviour only: time and memory targets belong
 * to the benchmarks (npm run bench).
 */
const USERS = 50_000;
const ROLES = Array.from({ length: 40 }, (_, i) => `Role ${String(i).padStart(2, '0')}`);
const PROJECTS = Array.from({ length: 500 }, (_, i) => `show-${String(i).padStart(3, '0')}`);
const isPrivate = (i: number) => i % 10 === 0;

function scopeOf(i: number): SeedScope {
  const a = PROJECTS[i % PROJECTS.length]!;
  const b = PROJECTS[(i * 7 + 3) % PROJECTS.length]!;
  switch (i % 5) {
    case 0:
      return 'all-open';
    case 1:
      return [a];
    case 2:
      return a === b ? [a] : [a, b].sort();
    case 3:
      return { all_open: true, projects: [PROJECTS[(i % 50) * 10]!] }; // a private one
    default:
      return i % 1000 === 4 ? [] : [b]; // now and then a role held on no project
  }
}

function largeStudio(): EmulatorSeed {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const users: NonNullable<EmulatorSeed['users']> = [
    { username: 'svc-access', api_key: 'large-key', roles: { Administrator: 'all-open' } },
  ];
  for (let i = 0; i < USERS; i++) {
    const letter = i % 5 < 2 ? 'a' : letters[i % 26]!;
    users.push({
      username: `${letter}${i}`,
      is_active: i % 500 !== 7,
      roles: { [ROLES[i % ROLES.length]!]: scopeOf(i) },
    });
  }
  return {
    security_roles: [
      { name: 'Administrator', type: 'PROJECT' },
      ...ROLES.map((name) => ({ name, type: 'PROJECT' as const })),
    ],
    projects: PROJECTS.map((name, i) => ({ name, full_name: name, is_private: isPrivate(i) })),
    users,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-export-l-'));
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: largeStudio() });
}, 60_000);
afterAll(async () => {
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(argv: string[]) {
  const env = {
    FTRACK_SERVER: emu.url,
    FTRACK_API_USER: 'svc-access',
    FTRACK_API_KEY: 'large-key',
  };
  const run = fakeIo(process.cwd(), env);
  const code = await runCli(argv, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('export of a 50,000-user studio', () => {
  it(
    'writes files of at most 4,000 users that plan reports as unchanged',
    { timeout: 120_000 },
    async () => {
      const exported = await cli(['export', '--out', dir]);
      expect(exported.code, exported.stderr.slice(0, 2000)).toBe(0);
      const inactive = Math.ceil((USERS - 7) / 500);
      expect(exported.stderr).toContain(`Exported ${USERS + 1 - inactive} users and 41 roles`);
      const files = readdirSync(join(dir, 'users')).sort();
      const aParts = Math.ceil((0.4 * USERS + (0.6 * USERS) / 26) / USERS_PER_FILE);
      expect(files.filter((f) => f.startsWith('a-'))).toHaveLength(aParts);
      expect(files).toContain('z.yaml');
      for (const name of files)
        expect(statSync(join(dir, 'users', name)).size).toBeLessThan(1024 * 1024);

      const plan = await cli(['plan', dir, '--detailed-exitcode']);
      expect(plan.code, plan.stdout.slice(0, 2000) + plan.stderr).toBe(0);
      expect(plan.stdout).toContain(
        `No changes. The server matches the desired state for ${USERS + 1 - inactive} managed users.`,
      );
      // No warning either: a role held on no project is written in the explicit form.
      expect(plan.stderr).toBe('');
    },
  );
});
