import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { parse } from 'yaml';
import { fakeIo } from './fake-io.js';

const root = join(import.meta.dirname, '../..');

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
});
afterAll(async () => {
  await emu.stop();
});

async function cli(argv: string[]) {
  const env = {
    FTRACK_SERVER: emu.url,
    FTRACK_API_USER: 'svc-access',
    FTRACK_API_KEY: 'local-demo-key',
  };
  const run = fakeIo(root, env);
  const code = await runCli(argv, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'ftrack-roles-split-'));
const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split('\\').join('/'))
    .filter((f) => f.endsWith('.yaml'))
    .sort();

async function expectNoChanges(dir: string) {
  const plan = await cli(['plan', dir, '--detailed-exitcode']);
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.stderr).toBe('');
}

describe('export --split', () => {
  it('by-letter (the default): a file per first letter, deterministic, and plan has no change', async () => {
    const dir = freshDir();
    const first = await cli(['export', '--out', dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('Exported 20 users and 9 roles to');
    // The users of the one-document export, by first letter.
    const all = parse((await cli(['export'])).stdout) as { users: Record<string, unknown> };
    const letters = [...new Set(Object.keys(all.users).map((u) => u[0]!.toLowerCase()))].sort();
    expect(letters.length).toBeGreaterThan(10);
    expect(filesUnder(dir)).toEqual([
      'roles.yaml',
      'settings.yaml',
      ...letters.map((c) => `users/${c}.yaml`),
    ]);
    const h = readFileSync(join(dir, 'users/h.yaml'), 'utf8');
    expect(h).toMatch(
      /^# yaml-language-server: \$schema=\S+\n# Exported by `ftrack-roles export` from http:\/\/127\.0\.0\.1:\d+\n/,
    );
    expect(h).toContain('\n\nversion: 1\nusers:\n  hana:\n    roles:\n      Reviewer: all-open\n');
    await expectNoChanges(dir);
    const texts = filesUnder(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const again = await cli(['export', '--out', dir, '--force']);
    expect(again.code, again.stderr).toBe(0);
    expect(filesUnder(dir).map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(texts);
    expect(again.stderr).not.toContain('Removed');
  });

  it('none: every user in users.yaml', async () => {
    const dir = freshDir();
    const result = await cli(['export', '--out', dir, '--split', 'none']);
    expect(result.code, result.stderr).toBe(0);
    expect(filesUnder(dir)).toEqual(['roles.yaml', 'settings.yaml', 'users.yaml']);
    expect(readFileSync(join(dir, 'users.yaml'), 'utf8')).toContain('#   zoe: inactive');
    await expectNoChanges(dir);
  });

  it('refuses an unknown layout (exit 1)', async () => {
    const result = await cli(['export', '--out', freshDir(), '--split', 'by-group']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "argument 'by-group' is invalid. Allowed choices are by-letter, none.",
    );
  });
});

describe('export --force over an earlier export', () => {
  it('replaces an export of another layout: its files are removed, so no user is declared twice', async () => {
    const dir = freshDir();
    expect((await cli(['export', '--out', dir, '--split', 'none'])).code).toBe(0);
    const refused = await cli(['export', '--out', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('users.yaml already exist; use --force to overwrite.');
    expect(filesUnder(dir)).toEqual(['roles.yaml', 'settings.yaml', 'users.yaml']);

    const forced = await cli(['export', '--out', dir, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain(
      'Removed 1 file of an earlier export that this one replaces: users.yaml.',
    );
    expect(existsSync(join(dir, 'users.yaml'))).toBe(false);
    await expectNoChanges(dir);

    const back = await cli(['export', '--out', dir, '--force', '--split', 'none']);
    expect(back.stderr).toMatch(
      /\nRemoved 1\d files of an earlier export that this one replaces: users\/a\.yaml, users\/c\.yaml, .* and \d more\.\n/,
    );
    expect(filesUnder(dir)).toEqual(['roles.yaml', 'settings.yaml', 'users.yaml']);
    expect(existsSync(join(dir, 'users'))).toBe(false);
    await expectNoChanges(dir);
  });

  it('removes a letter file left from an earlier export (the letter has no users any more)', async () => {
    const dir = freshDir();
    expect((await cli(['export', '--out', dir])).code).toBe(0);
    const stale = readFileSync(join(dir, 'users/h.yaml'), 'utf8').replace('  hana:', '  quinn:');
    writeFileSync(join(dir, 'users/q.yaml'), stale);
    const forced = await cli(['export', '--out', dir, '--force']);
    expect(forced.stderr).toContain(
      'Removed 1 file of an earlier export that this one replaces: users/q.yaml.',
    );
    expect(existsSync(join(dir, 'users/q.yaml'))).toBe(false);
  });

  it('never removes files without the export header, and says which it overwrote', async () => {
    const dir = freshDir();
    expect((await cli(['export', '--out', dir])).code).toBe(0);
    const own = 'version: 1\nusers:\n  zoe:\n    roles: {}\n';
    writeFileSync(join(dir, 'users/extra.yaml'), own);
    mkdirSync(join(dir, 'more'));
    writeFileSync(join(dir, 'more/team.yml'), 'version: 1\n');
    writeFileSync(join(dir, 'users/a.yaml'), 'version: 1\nusers:\n  ana:\n    roles: {}\n');
    const forced = await cli(['export', '--out', dir, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).not.toContain('Removed');
    expect(forced.stderr).toContain(
      'Overwrote users/a.yaml, which did not start with the export header.',
    );
    expect(forced.stderr).toContain(
      'also holds more/team.yml, users/extra.yaml; plan reads every YAML file of the directory.',
    );
    expect(readFileSync(join(dir, 'users/extra.yaml'), 'utf8')).toBe(own);
    expect(existsSync(join(dir, 'more/team.yml'))).toBe(true);
  });

  it('with --users removes nothing, and says what it kept', async () => {
    const dir = freshDir();
    expect((await cli(['export', '--out', dir, '--split', 'none'])).code).toBe(0);
    const partial = await cli(['export', '--out', dir, '--force', '--users', 'h*']);
    expect(partial.code, partial.stderr).toBe(0);
    expect(partial.stderr).toContain(
      'Kept 1 file of an earlier export (with --users nothing is removed): users.yaml; a user in two files is an error (FR301).',
    );
    expect(filesUnder(dir)).toEqual(['roles.yaml', 'settings.yaml', 'users.yaml', 'users/h.yaml']);
  });
});
