import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { fakeIo } from './fake-io.js';

/**
 * Issue 27, part 8, in a studio of one of each: drift prints its warnings once, export
 * writes the schema line, and counts of one are in the singular.
 */

const KEY = 'write-key';
const ROOT = join(import.meta.dirname, '../..');
let emu: Emulator;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      security_roles: [{ name: 'Administrator', type: 'PROJECT' }],
      projects: [{ name: 'nebula', full_name: 'Nebula', is_private: false }],
      users: [
        { username: 'svc-access', api_key: KEY, roles: { Administrator: 'all-open' } },
        { username: 'ana' },
      ],
      groups: [{ name: 'Lighting', members: ['ana'] }],
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-wording-'));
  mkdirSync(join(dir, 'access'));
  // `old_*` matches no project: a plan-time warning (FR404).
  writeFileSync(
    join(dir, 'access/users.yaml'),
    "version: 1\nsettings:\n  ignore_users: [svc-*]\nusers:\n  ana:\n    roles:\n      Administrator: ['old_*']\n",
  );
});
afterAll(async () => {
  await emu.stop();
});

const run = async (argv: string[]) => {
  const io = fakeIo(dir, {
    FTRACK_SERVER: emu.url,
    FTRACK_API_USER: 'svc-access',
    FTRACK_API_KEY: KEY,
  });
  const code = await runCli(argv, io.io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
};

const count = (text: string, part: string) => text.split(part).length - 1;

describe('drift prints its warnings once', () => {
  it('text: in the report, not again on stderr', async () => {
    const drift = await run(['drift']);
    expect(drift.code, drift.stderr).toBe(2); // ana does not hold Administrator yet
    const all = drift.stdout + drift.stderr;
    expect(count(all, 'FR404')).toBe(1);
    expect(drift.stdout).toContain('FR404 access/users.yaml:7:23: The project glob "old_*"');
    // With its hint, which stderr used to carry.
    expect(drift.stdout).toMatch(/FR404 .*\n {6}hint: \S/);
  });

  it('JSON: in the report, and on stderr for the job log', async () => {
    const drift = await run(['drift', '--format', 'json']);
    expect(drift.code, drift.stderr).toBe(2);
    expect((JSON.parse(drift.stdout) as { warnings: unknown[] }).warnings).toHaveLength(1);
    expect(count(drift.stderr, 'FR404')).toBe(1);
  });

  it('an error still shows every diagnostic, warnings included', async () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(
      join(bad, 'users.yaml'),
      "version: 1\nsettings:\n  ignore_users: [svc-*]\nusers:\n  ana:\n    roles:\n      Administrator: ['old_*']\n      Nobody: [nebula]\n",
    );
    const drift = await run(['drift', 'bad']);
    expect(drift.code).toBe(1);
    expect(drift.stderr).toContain('FR402');
    expect(drift.stderr).toContain('FR404');
  });
});

describe('export', () => {
  it('writes the yaml-language-server schema line at the top of every file', async () => {
    const out = join(dir, 'exported');
    const exported = await run(['export', '--out', 'exported']);
    expect(exported.code, exported.stderr).toBe(0);
    const files = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.yaml'),
    );
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const [first, second] = readFileSync(join(out, file), 'utf8').split('\n');
      expect(first).toBe(
        '# yaml-language-server: $schema=https://unpkg.com/ftrack-roles/schema/desired-state.v1.schema.json',
      );
      expect(second).toBe(`# Exported by \`ftrack-roles export\` from ${emu.url}`);
    }
    // The files an export wrote are its own: --force replaces them, and those of an export
    // made before the schema line (the header on the first line) too.
    writeFileSync(
      join(out, 'users/z.yaml'),
      '# Exported by `ftrack-roles export` from http://old\n\nversion: 1\nusers: {}\n',
    );
    const again = await run(['export', '--out', 'exported', '--split', 'none', '--force']);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(out, 'users'))).toBe(false);
    expect(existsSync(join(out, 'users.yaml'))).toBe(true);
  });

  it('to stdout too, and the schema line names the schema the package ships', async () => {
    const exported = await run(['export']);
    expect(exported.code, exported.stderr).toBe(0);
    const line = exported.stdout.split('\n')[0]!;
    const path = /\/ftrack-roles\/(schema\/desired-state\.v1\.schema\.json)$/.exec(line)?.[1];
    expect(path).toBeDefined();
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      files: string[];
    };
    expect(pkg.files).toContain('schema');
    expect(existsSync(join(ROOT, path!))).toBe(true);
  });

  it('counts of one: "Exported 1 user and 1 role"', async () => {
    const exported = await run(['export']);
    expect(exported.stderr).toMatch(/^Exported \d+ users? and 1 role\.$/m);
  });
});

it('the docs say where the audit log belongs: out of git, kept by CI', () => {
  const apply = readFileSync(join(ROOT, 'docs/apply.md'), 'utf8');
  const at = apply.indexOf('### Where the audit log belongs');
  expect(at).toBeGreaterThan(apply.indexOf('## The audit log'));
  const section = apply.slice(at, apply.indexOf('\n## ', at));
  expect(section).toContain('```gitignore\n/.ftrack-roles/\n```');
  expect(section).toMatch(/artifact/);
  expect(section).toMatch(/--audit-log/);
});

it('catalog pull: "1 project and 1 ftrack group"', async () => {
  const pulled = await run(['catalog', 'pull', '--out', 'catalog.json']);
  expect(pulled.code, pulled.stderr).toBe(0);
  expect(pulled.stderr).toContain(
    'Saved the catalogue of 2 users, 1 role, 1 project and 1 ftrack group to catalog.json',
  );
});
