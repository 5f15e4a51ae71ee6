import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { MARKDOWN_MAX_LENGTH } from '../../src/render/index.js';
import { fakeIo } from './fake-io.js';

/**
 * Issue 27, part 4: the sticky comment also when plan fails. `plan --format markdown` prints
 * a Markdown document listing the errors (file:line, code, message, hint) on a config
 * error, a plan-time error or a safety refusal; the exit code is that of `plan`, and
 * `--out` is not written.
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
  const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-plan-markdown-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('plan --format markdown when the plan fails', () => {
  it('lists plan-time errors with file:line, code, message and hint; exit 1; no --out', async () => {
    const dir = tempDir({
      'team.yaml': 'version: 1\nusers:\n  mariaa:\n    roles:\n      Supervizor: [nebulla]\n',
    });
    const { code, stdout, stderr } = await cli(dir, [
      'plan',
      'team.yaml',
      '--format',
      'markdown',
      '--out',
      'plan.json',
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        '### ftrack-roles plan: failed',
        '',
        '**The config does not match the server; nothing was planned.**',
        '',
        '3 errors, 0 warnings in 1 file.',
        '',
        '#### Errors',
        '',
        '- **FR401** at `team.yaml:3:3`: Unknown user "mariaa": the server has no user with this username (did you mean "maria"?)',
        '  - Hint: Create the user in ftrack first.',
        '- **FR402** at `team.yaml:5:7`: Unknown security role "Supervizor": the server has no role with this name (did you mean "Supervisor"?)',
        '  - Hint: Create the role in ftrack first.',
        '- **FR403** at `team.yaml:5:20`: Unknown project "nebulla": the server has no project with this name (did you mean "nebula"?)',
        '  - Hint: Use the project name (not its full name).',
        '',
      ].join('\n'),
    );
    // The job log still has them on stderr, as without --format markdown.
    expect(stderr).toMatch(/^team\.yaml:3:3: error FR401: Unknown user "mariaa"/m);
    expect(existsSync(join(dir, 'plan.json'))).toBe(false);
  });

  it('lists the errors and warnings of an invalid config, exit 1', async () => {
    const dir = tempDir({
      'team.yaml': 'version: 1\nusers:\n  ana:\n    rolse: {}\n    "<b>x*y</b>": 1\n',
    });
    const { code, stdout } = await cli(dir, ['plan', 'team.yaml', '--format', 'markdown']);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^### ftrack-roles plan: failed\n\n\*\*The config is invalid; nothing was planned\.\*\*\n/,
    );
    expect(stdout).toMatch(/^- \*\*FR\d+\*\* at `team\.yaml:4:5`: .*rolse/m);
    expect(stdout).toMatch(/^ {2}- Hint: /m);
    // Names from the files are text, never HTML or emphasis.
    expect(stdout).toContain(
      "- **FR201** at `team.yaml:5:5`: unknown key '&lt;b&gt;x\\*y&lt;/b&gt;'\n",
    );
    expect(stdout).not.toContain('<b>');
  });

  it('shows a refusal and then the refused plan, exit 3; no --out', async () => {
    const dir = tempDir();
    cpSync(join(root, 'examples/studio/access'), join(dir, 'access'), { recursive: true });
    const settings = join(dir, 'access/settings.yaml');
    writeFileSync(
      settings,
      readFileSync(settings, 'utf8').replace('max_removals: 25', 'max_removals: 1'),
    );
    const refused = await cli(dir, ['plan', '--format', 'markdown', '--out', 'plan.json']);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stdout).toMatch(
      /^### ftrack-roles plan: refused by a safety rule\n\n\*\*The plan is refused by a safety rule; plan\.json was not written\.\*\*\n\n1 error, 0 warnings in 7 files\.\n\n#### Errors\n\n- \*\*FR451\*\* at `access\/settings\.yaml:7:1`: The plan removes access 3 times, more than max\\_removals \(1\)\n {2}- Hint: .*--allow-removals 3/,
    );
    expect(existsSync(join(dir, 'plan.json'))).toBe(false);
    expect(refused.stderr).toMatch(/error FR451/);
    // The refused plan follows, as `plan --format markdown` shows it once allowed.
    const allowed = await cli(dir, ['plan', '--format', 'markdown', '--allow-removals', '3']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/^### ftrack-roles plan\n/);
    expect(refused.stdout.endsWith(`\n\n${allowed.stdout}`)).toBe(true);
  });

  it('says why when the run failed without diagnostics (a missing setting), exit 1', async () => {
    const dir = tempDir({
      'team.yaml': 'version: 1\nusers:\n  maria:\n    roles:\n      Administrator: all-open\n',
    });
    const { code, stdout } = await cli(dir, ['plan', 'team.yaml', '--format', 'markdown'], {
      FTRACK_SERVER: emu.url,
      FTRACK_API_KEY: KEY,
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^### ftrack-roles plan: failed\n\n\*\*.*FTRACK\\_API\\_USER.*\*\*\n\nSee the job log for details\.\n$/,
    );
  });

  it('fits one comment when there are many errors, and says how many are left out', async () => {
    const users = Array.from(
      { length: 1500 },
      (_, i) => `  nobody${i}:\n    roles:\n      User: all-open\n`,
    );
    const dir = tempDir({ 'team.yaml': `version: 1\nusers:\n${users.join('')}` });
    const { code, stdout } = await cli(dir, ['plan', 'team.yaml', '--format', 'markdown']);
    expect(code).toBe(1);
    expect(stdout.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    const shown = stdout.split('\n').filter((l) => l.startsWith('- **FR401**')).length;
    expect(shown).toBeGreaterThan(100);
    expect(stdout).toContain('1500 errors, 0 warnings in 1 file.');
    expect(stdout).toContain(
      `> ${1500 - shown} more problems not shown to fit one comment (65000 characters): the job log has them all.`,
    );
  });
});
