import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { fakeIo } from './fake-io.js';

/**
 * Issue 27, part 4: `plan --format github` puts every error and warning of a plan where the
 * reviewer looks, as GitHub Actions annotations at file:line, with the exit codes of `plan`.
 */

const root = join(import.meta.dirname, '../..');
const KEY = 'local-demo-key';

let emu: Emulator;
const env = () => ({ FTRACK_SERVER: emu.url, FTRACK_API_USER: 'svc-access', FTRACK_API_KEY: KEY });

beforeAll(async () => {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
});
afterAll(async () => {
  await emu.stop();
});

async function cli(cwd: string, args: string[], environment: Record<string, string> = env()) {
  const run = fakeIo(cwd, environment);
  const code = await runCli(args, run.io);
  const [stdout, stderr] = [run.stdout(), run.stderr()];
  expect(stdout + stderr).not.toContain(KEY);
  return { code, stdout, stderr };
}

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-plan-github-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The example studio in a temporary folder, with its settings changed by `edit`. */
function studioCopy(edit: (settings: string) => string): string {
  const dir = tempDir();
  cpSync(join(root, 'examples/studio/access'), join(dir, 'access'), { recursive: true });
  const settings = join(dir, 'access/settings.yaml');
  writeFileSync(settings, edit(readFileSync(settings, 'utf8')));
  return dir;
}

const lineOf = (text: string, needle: string) =>
  text.split('\n').findIndex((l) => l.startsWith(needle)) + 1;

describe('plan --format github', () => {
  it('reports an unknown user, role and project as annotations at file:line with the did-you-mean, exit 1', async () => {
    const dir = tempDir({
      'team.yaml': 'version: 1\nusers:\n  mariaa:\n    roles:\n      Supervizor: [nebulla]\n',
    });
    const { code, stdout, stderr } = await cli(dir, [
      'plan',
      'team.yaml',
      '--format',
      'github',
      '--out',
      'plan.json',
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        '::error file=team.yaml,line=3,col=3,title=FR401::Unknown user "mariaa": the server has no user with this username (did you mean "maria"?)%0Ahint: Create the user in ftrack first.',
        '::error file=team.yaml,line=5,col=7,title=FR402::Unknown security role "Supervizor": the server has no role with this name (did you mean "Supervisor"?)%0Ahint: Create the role in ftrack first.',
        '::error file=team.yaml,line=5,col=20,title=FR403::Unknown project "nebulla": the server has no project with this name (did you mean "nebula"?)%0Ahint: Use the project name (not its full name).',
        '3 errors, 0 warnings in 1 file',
        '::error title=ftrack-roles plan::The config does not match the server; nothing was planned.',
        '',
      ].join('\n'),
    );
    // The annotations are the job log's diagnostics: stderr has only the error line.
    expect(stderr).toBe('Error: The config does not match the server; nothing was planned.\n');
    expect(existsSync(join(dir, 'plan.json'))).toBe(false);
  });

  it('annotates a config error (invalid file) at its line, exit 1', async () => {
    const dir = tempDir({ 'team.yaml': 'version: 1\nusers:\n  ana:\n    rolse: {}\n' });
    const { code, stdout } = await cli(dir, ['plan', 'team.yaml', '--format', 'github']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^::error file=team\.yaml,line=4,col=5,title=FR\d+::.*rolse/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      '::error title=ftrack-roles plan::The config is invalid; nothing was planned.',
    );
  });

  it('annotates an ASSIGNED role on a private project (error) and an expiring grant (warning)', async () => {
    const dir = tempDir({
      'team.yaml': [
        'version: 1',
        'users:',
        '  jules:',
        '    roles:',
        '      Restricted User: [nebula, falcon]',
        '  ana:',
        '    roles:',
        '      Lead: { projects: [show_tide, show_reef], until: 2026-01-05 }',
        '      User: { all_open: true, projects: [falcon] }',
        '',
      ].join('\n'),
    });
    const { code, stdout } = await cli(dir, ['plan', 'team.yaml', '--format', 'github']);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^::error file=team\.yaml,line=5,col=33,title=FR406::"Restricted User" is an ASSIGNED role and cannot be granted on the private project "falcon"%0Ahint: Use a PROJECT role for private projects\.$/m,
    );
    expect(stdout).toMatch(/^::warning file=team\.yaml,line=8,col=\d+,title=FR312::.*2026-01-05/m);
  });

  it('prints the text plan in a group with commands stopped, and a notice with the summary', async () => {
    const access = join(root, 'examples/studio/access');
    const text = await cli(root, ['plan', access]);
    const github = await cli(root, ['plan', access, '--format', 'github', '--detailed-exitcode']);
    expect(github.code, github.stderr).toBe(2);
    expect((await cli(root, ['plan', access, '--format', 'github'])).code).toBe(0);
    expect(github.stderr).toBe('');
    const lines = github.stdout.trimEnd().split('\n');
    const token = /^::stop-commands::([0-9a-f]{64})$/.exec(lines[1]!)?.[1];
    expect(token).toBeDefined();
    expect(lines[0]).toBe('::group::Plan: 2 to assign, 2 to modify, 3 to remove.');
    expect(lines.slice(-3)).toEqual([
      `::${token}::`,
      '::endgroup::',
      '::notice title=ftrack-roles plan::Plan: 2 to assign, 2 to modify, 3 to remove.',
    ]);
    // Between them, exactly what `plan` prints as text (no colour).
    expect(`${lines.slice(2, -3).join('\n')}\n`).toBe(text.stdout);
    expect(text.stdout).not.toContain(token);
  });

  it('refuses with exit 3: the refusal annotated at its setting, then the plan, then the error', async () => {
    const dir = studioCopy((s) => s.replace('max_removals: 25', 'max_removals: 1'));
    const settings = readFileSync(join(dir, 'access/settings.yaml'), 'utf8');
    const { code, stdout, stderr } = await cli(dir, [
      'plan',
      '--format',
      'github',
      '--out',
      'plan.json',
    ]);
    expect(code, stderr).toBe(3);
    expect(stdout).toMatch(
      new RegExp(
        `^::error file=access/settings\\.yaml,line=${lineOf(settings, 'settings:')},col=1,title=FR451::.*more than max_removals \\(1\\).*%0Ahint: .*--allow-removals 3`,
        'm',
      ),
    );
    expect(stdout).toContain('\n::group::Plan: 2 to assign, 2 to modify, 3 to remove.\n');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      '::error title=ftrack-roles plan::The plan is refused by a safety rule; plan.json was not written.%0APlan: 2 to assign, 2 to modify, 3 to remove.',
    );
    expect(stderr).not.toContain('FR451');
    expect(existsSync(join(dir, 'plan.json'))).toBe(false);
  });

  it('escapes newlines, colons, commas and percent signs in annotations', async () => {
    const file = 'team:a,b%.yaml';
    const dir = tempDir({
      [file]: 'version: 1\nusers:\n  "x%y,z:w":\n    roles:\n      User: all-open\n',
    });
    const { code, stdout } = await cli(dir, ['plan', file, '--format', 'github']);
    expect(code).toBe(1);
    // Properties escape % CR LF : and ,; the message escapes % CR LF (its `:` and `,` stay).
    expect(stdout.split('\n')[0]).toBe(
      '::error file=team%3Aa%2Cb%25.yaml,line=3,col=3,title=FR401::Unknown user "x%25y,z:w": the server has no user with this username%0Ahint: Create the user in ftrack first.',
    );
    expect(stdout).toContain('1 error, 0 warnings in 1 file\n');
  });

  it('annotates a failure without diagnostics (a missing connection setting), exit 1', async () => {
    const dir = tempDir({
      'team.yaml': 'version: 1\nusers:\n  maria:\n    roles:\n      Administrator: all-open\n',
    });
    const { code, stdout, stderr } = await cli(dir, ['plan', 'team.yaml', '--format', 'github'], {
      FTRACK_SERVER: emu.url,
      FTRACK_API_KEY: KEY,
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/FTRACK_API_USER/);
    expect(stdout).toMatch(/^::error title=ftrack-roles plan::.*FTRACK_API_USER.*\n$/);
    expect(stdout.split('\n')).toHaveLength(2);
  });
});

describe('plan --format github against names that look like workflow commands', () => {
  let server: Emulator;
  beforeAll(async () => {
    server = await startEmulator({
      seed: {
        security_roles: [
          { name: 'Administrator', type: 'PROJECT' },
          { name: 'User', type: 'PROJECT' },
        ],
        projects: [{ name: 'alpha', full_name: 'Alpha', is_private: false }],
        users: [
          { username: 'svc-access', api_key: KEY, roles: { Administrator: 'all-open' } },
          { username: 'ana' },
          { username: '::error::injected', roles: { User: ['alpha'] } },
        ],
      },
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('keeps a server username from acting as a workflow command', async () => {
    const dir = tempDir({
      'team.yaml': 'version: 1\nusers:\n  ana:\n    roles:\n      User: [alpha]\n',
    });
    const environment = {
      FTRACK_SERVER: server.url,
      FTRACK_API_USER: 'svc-access',
      FTRACK_API_KEY: KEY,
    };
    const { code, stdout, stderr } = await cli(
      dir,
      ['plan', 'team.yaml', '--format', 'github'],
      environment,
    );
    expect(code, stderr).toBe(0);
    const lines = stdout.split('\n');
    const token = /^::stop-commands::(\S+)$/m.exec(stdout)?.[1];
    const stop = lines.indexOf(`::stop-commands::${token}`);
    const resume = lines.indexOf(`::${token}::`);
    const injected = lines.indexOf('::error::injected');
    // The plan removes the undeclared holder's User role: the name is a line of the plan,
    // inside the stopped block, where the runner does not read commands.
    expect(stdout).toContain('Plan: 1 to assign, 0 to modify, 1 to remove.');
    expect(stop).toBeGreaterThan(0);
    expect(injected).toBeGreaterThan(stop);
    expect(resume).toBeGreaterThan(injected);
    expect(lines.filter((l) => l.startsWith('::error'))).toEqual(['::error::injected']);
  });
});
