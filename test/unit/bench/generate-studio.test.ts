import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  generateStudio,
  roleNames,
  SIZES,
  type Studio,
  type StudioSize,
} from '../../../bench/lib/generate-studio.js';
import { countDifference, countGrants } from '../../../bench/lib/holdings.js';
import { buildEmulatorSeed, renderDesiredFiles } from '../../../bench/lib/render-studio.js';
import { desiredFromTexts } from '../../../src/pipeline/load-desired.js';

const TINY: StudioSize = { name: 'tiny', users: 120, projects: 30 };
const small = generateStudio(SIZES.S);

function totals(studio: Studio): { grants: number; differing: number } {
  let grants = 0;
  let differing = 0;
  for (const user of studio.users) {
    grants += countGrants(user.current);
    differing += countDifference(user.current, user.desired);
  }
  return { grants, differing };
}

describe('generateStudio', () => {
  it('builds the same studio for the same size and seed', () => {
    expect(generateStudio(SIZES.S)).toEqual(small);
  });

  it('builds a different studio for another seed', () => {
    const other = generateStudio(SIZES.S, 2);
    expect(other.users.map((u) => u.current)).not.toEqual(small.users.map((u) => u.current));
  });

  it('has the users, projects and 40 roles of size S', () => {
    expect(small.users).toHaveLength(1_000);
    expect(new Set(small.users.map((u) => u.username)).size).toBe(1_000);
    expect(small.projects).toHaveLength(100);
    expect(small.roles).toHaveLength(40);
    expect(new Set(roleNames()).size).toBe(40);
  });

  it('makes 10% of the projects private', () => {
    expect(small.projects.filter((p) => p.isPrivate)).toHaveLength(10);
  });

  it('gives about 3 roles per user, a third all-open, the rest on 1 to 10 projects', () => {
    const scopes = small.users.flatMap((u) => Object.values(u.current));
    expect(scopes.length / small.users.length).toBeGreaterThan(2.9);
    expect(scopes.length / small.users.length).toBeLessThan(3.1);
    const allOpen = scopes.filter((s) => s.allOpen);
    expect(allOpen.length / scopes.length).toBeGreaterThan(0.3);
    expect(allOpen.length / scopes.length).toBeLessThan(0.37);
    expect(allOpen.every((s) => s.projects.length === 0)).toBe(true);
    const counts = scopes.filter((s) => !s.allOpen).map((s) => s.projects.length);
    expect(Math.min(...counts)).toBe(1);
    expect(Math.max(...counts)).toBe(10);
  });

  it('never gives Administrator to generated users', () => {
    expect(small.users.some((u) => 'Administrator' in u.current)).toBe(false);
    expect(small.users.some((u) => 'Administrator' in u.desired)).toBe(false);
  });

  it('makes the desired state differ from the server in about 2% of grants', () => {
    const { grants, differing } = totals(small);
    expect(differing / grants).toBeGreaterThanOrEqual(0.02);
    expect(differing / grants).toBeLessThan(0.022);
    const changed = small.users.filter((u) => u.current !== u.desired);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((u) => countDifference(u.current, u.desired) > 0)).toBe(true);
  });
});

describe('buildEmulatorSeed', () => {
  it('holds every role, project and user, plus the API user as Administrator', () => {
    const studio = generateStudio(TINY);
    const seed = buildEmulatorSeed(studio);
    expect(seed.security_roles).toHaveLength(40);
    expect(seed.projects.filter((p) => p.is_private)).toHaveLength(3);
    expect(seed.users).toHaveLength(121);
    expect(seed.users[0]).toEqual({
      username: 'svc-bench',
      api_key: 'bench-key',
      roles: { Administrator: 'all-open' },
    });
    const first = studio.users[0]!;
    const roles = Object.fromEntries(
      Object.entries(first.current).map(([r, s]) => [r, s.allOpen ? 'all-open' : s.projects]),
    );
    expect(seed.users[1]).toEqual({ username: first.username, roles });
  });
});

describe('renderDesiredFiles', () => {
  const studio = generateStudio(TINY);
  const files = renderDesiredFiles(studio);

  it('writes the desired holdings of every user', () => {
    const users: Record<string, { roles: Record<string, unknown> }> = {};
    for (const file of files.filter((f) => f.path.startsWith('users/'))) {
      Object.assign(users, (parseYaml(file.text) as { users: typeof users }).users);
    }
    expect(Object.keys(users)).toHaveLength(120);
    for (const user of studio.users) {
      const expected = Object.fromEntries(
        Object.entries(user.desired).map(([r, s]) => [r, s.allOpen ? 'all-open' : s.projects]),
      );
      expect(users[user.username]!.roles).toEqual(expected);
    }
  });

  it('is a valid config without any diagnostic', () => {
    const texts = files.map((f) => ({
      path: `access/${f.path}`,
      text: f.text,
      bytes: Buffer.from(f.text),
    }));
    const checked = desiredFromTexts(texts);
    expect(checked.diagnostics).toEqual([]);
    expect(checked.desired?.users.size).toBe(120);
    expect(checked.desired?.settings.ignoreUsers).toEqual(['svc-*']);
  });
});
