import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/main.js';
import { fakeIo } from './fake-io.js';

const repo = join(import.meta.dirname, '../..');
const studio = join(repo, 'examples/studio');
const invalid = join(repo, 'test/fixtures/invalid');

async function run(argv: string[], cwd = repo, env: Record<string, string> = {}) {
  const fake = fakeIo(cwd, env);
  const code = await runCli(argv, fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}

/** `count` users of a one-file config, about 80 bytes each. */
function userLines(count: number): string {
  return Array.from(
    { length: count },
    (_, i) =>
      `  user-${i}:\n    roles:\n      User: all-open\n      Lead: [show-1, show-2, show-3]\n`,
  ).join('');
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

describe('ftrack-roles validate', () => {
  it('accepts the example studio: exit 0, summary on stderr, nothing on stdout', async () => {
    const result = await run(['validate', 'examples/studio/access']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '0 errors, 0 warnings in 7 files\n' });
  });

  it('reads ./access by default', async () => {
    expect(await run(['validate'], studio)).toEqual({
      code: 0,
      stdout: '',
      stderr: '0 errors, 0 warnings in 7 files\n',
    });
  });

  it('reports every problem with position, code and hint, sorted, and exits 1', async () => {
    const result = await run(['validate', '.'], join(invalid, 'many-problems'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        "access.yaml:4:3: error FR201: unknown key 'max_removal' (did you mean 'max_removals'?)",
        '  hint: allowed keys in settings: manage, inactive_users, ignore_users, protected, max_removals, expiry_warning_days',
        "access.yaml:8:13: error FR206: invalid scope for role 'User' of user 'ana': found the text 'all-opn' (did you mean 'all-open'?)",
        "  hint: write all-open, a list of projects such as [nebula, 'show_*'], or { all_open: true, projects: [falcon] }",
        'access.yaml:11:22: error FR203: users.bo.roles.User[1] must be a string, found the number 7',
        "  hint: quote the value: '7'",
        "access.yaml:13:3: error FR209: group 'lighting' has neither 'members' nor 'ftrack_group'",
        "  hint: add 'members: [...]' or 'ftrack_group: <name of an ftrack group>'",
        '',
        '4 errors, 0 warnings in 1 file',
        '',
      ].join('\n'),
    );
  });

  it('exits 0 when there are warnings only', async () => {
    const result = await run(['validate', 'users.yaml'], join(invalid, 'empty-scope-list'));
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr: [
        "users.yaml:5:13: warning FR308: role 'User' of user 'ana' has an empty scope: it is held on no project",
        "  hint: name the projects (or all-open); to take 'User' away, delete this line; to hold it on no project, write { all_open: false, projects: [] }",
        '',
        '0 errors, 1 warning in 1 file',
        '',
      ].join('\n'),
    });
  });

  it('prints JSON on stdout', async () => {
    const result = await run(
      ['validate', 'duplicate-user-across-files', '--format', 'json'],
      invalid,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      format_version: 1,
      valid: false,
      error_count: 1,
      warning_count: 0,
      files: ['duplicate-user-across-files/a.yaml', 'duplicate-user-across-files/b/users.yaml'],
      diagnostics: [
        {
          severity: 'error',
          code: 'FR301',
          summary: "user 'ana' is declared in two files",
          detail: 'first declared at duplicate-user-across-files/a.yaml:3:3',
          hint: 'keep one entry per user: merge the two entries into one file',
          file: 'duplicate-user-across-files/b/users.yaml',
          line: 5,
          col: 3,
        },
      ],
      summary: '1 error, 0 warnings in 2 files',
    });
  });

  it('prints GitHub annotations on stdout', async () => {
    const result = await run(
      ['validate', '--format', 'github', 'settings.yaml'],
      join(invalid, 'invalid-manage'),
    );
    expect(result).toEqual({
      code: 1,
      stderr: '',
      stdout:
        "::error file=settings.yaml,line=3,col=11,title=FR204::invalid value 'everyone' for settings.manage%0Ahint: expected one of: owned, declared, all\n" +
        '1 error, 0 warnings in 1 file\n',
    });
  });

  it('colours text on a terminal unless NO_COLOR is set', async () => {
    const cwd = join(invalid, 'invalid-manage');
    const fake = fakeIo(cwd);
    fake.io.stderrIsTTY = true;
    await runCli(['validate', '.'], fake.io);
    expect(fake.stderr()).toContain('\u001b[31merror FR204\u001b[0m');
    const noColor = fakeIo(cwd, { NO_COLOR: '1' });
    noColor.io.stderrIsTTY = true;
    await runCli(['validate', '.'], noColor.io);
    expect(noColor.stderr()).not.toContain('\u001b[');
  });

  it('refuses an unknown format', async () => {
    const result = await run(['validate', '--format', 'xml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("option '--format <format>' argument 'xml' is invalid");
  });

  it('has help with a description and an example', async () => {
    const result = await run(['validate', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: ftrack-roles validate [options] [paths...]');
    expect(result.stdout.replace(/\s+/g, ' ')).toContain('No server is contacted.');
    expect(result.stdout).toContain('$ ftrack-roles validate access/ extra.yaml --format github');
  });
});

describe('the JSON Schema', () => {
  const schema = JSON.parse(
    readFileSync(join(repo, 'schema/desired-state.v1.schema.json'), 'utf8'),
  ) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
  const validate = ajv.compile(schema);

  it('is a draft 2020-12 schema with an $id', () => {
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['$id']).toBe('https://ftrack-roles.dev/schema/desired-state.v1.json');
  });

  const examples = [
    ...yamlFilesUnder(join(repo, 'examples')),
    ...yamlFilesUnder(join(repo, 'test/fixtures/valid')),
  ]
    .filter((f) => f.includes('/access/') || f.includes('/fixtures/valid/'))
    .map((f) => relative(repo, f));

  it('finds the example files', () => {
    expect(examples.filter((f) => f.startsWith('examples/studio/access/'))).toHaveLength(7);
  });

  it.each(examples)('accepts %s', (file) => {
    const text = readFileSync(join(repo, file), 'utf8');
    if (file.includes('/access/')) {
      expect(text).toMatch(
        /^# yaml-language-server: \$schema=(\.\.\/)+schema\/desired-state\.v1\.schema\.json\n/,
      );
    }
    expect(validate(parse(text))).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('rejects a typo', () => {
    expect(validate({ version: 1, users: { ana: { rolse: {} } } })).toBe(false);
  });
});

describe('valid fixtures', () => {
  const cases = readdirSync(join(repo, 'test/fixtures/valid'));
  it.each(cases)('%s validates without any diagnostic', async (name) => {
    const result = await run(['validate', '.'], join(repo, 'test/fixtures/valid', name));
    expect(result.stderr).toMatch(/^0 errors, 0 warnings in \d+ files?\n$/);
    expect(result.code).toBe(0);
  });
});

describe('hostile input: clean diagnostics, no crash, no hang', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-hostile-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    return name;
  };

  it('refuses a file over the 64 MiB default limit by its size, without reading it', async () => {
    const name = write('big/huge.yaml', 'version: 1\n');
    truncateSync(join(dir, name), 64 * 1024 * 1024 + 1); // sparse: never read
    const result = await run(['validate', name], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^big\/huge\.yaml:1:1: error FR003: file is too large \(67108865 bytes; the limit is 67108864 bytes, 64 MiB\)\n {2}hint: split the config into several files, or raise the limit with --max-file-size <MiB>\n/,
    );
  });

  it('refuses a file over --max-file-size, and reads it under a higher one', async () => {
    const name = write('sized/users.yaml', `version: 1\nusers:\n${userLines(15_000)}`);
    const refused = await run(['validate', name, '--max-file-size', '1'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^sized\/users\.yaml:1:1: error FR003: file is too large \(\d{7} bytes; the limit is 1048576 bytes, 1 MiB\)\n/,
    );
    const read = await run(['validate', name, '--max-file-size', '2'], dir);
    expect(read).toEqual({ code: 0, stdout: '', stderr: '0 errors, 0 warnings in 1 file\n' });
  });

  it.each([['plan'], ['apply', '--yes'], ['drift'], ['explain', '--user', 'user-1']])(
    '%s takes --max-file-size too: the file is refused before anything is sent',
    async (...command) => {
      const name = write('sized-other/users.yaml', `version: 1\nusers:\n${userLines(15_000)}`);
      // No server listens there: the config is refused before any connection.
      const env = {
        FTRACK_SERVER: 'http://127.0.0.1:9',
        FTRACK_API_USER: 'a',
        FTRACK_API_KEY: 'k',
      };
      const result = await run([...command, name, '--max-file-size', '1'], dir, env);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('sized-other/users.yaml:1:1: error FR003: file is too large');
      expect(result.stderr).toContain('nothing was planned');
    },
  );

  it.each(['0', '257', '1.5', '-1', 'lots'])(
    'refuses --max-file-size %s (exit 1)',
    async (value) => {
      const result = await run(['validate', '--max-file-size', value], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `argument '${value}' is invalid. expected a whole number of MiB from 1 to 256 (the default is 64).`,
      );
    },
  );

  it('refuses binary garbage', async () => {
    let seed = 42;
    const bytes = Uint8Array.from({ length: 64 * 1024 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % 256;
    });
    const name = write('garbage/blob.yaml', bytes);
    const result = await run(['validate', name], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^garbage\/blob\.yaml:\d+:\d+: error FR00[45]: /);
  });

  it('stops an alias bomb', async () => {
    const result = await run(['validate', '.'], join(invalid, 'alias-bomb'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bomb.yaml:3:8: error FR103: too many alias expansions');
  });

  it('refuses deep nesting in several files in one run (the parser never recurses that deep)', async () => {
    write('deep/a.yaml', `version: 1\nusers: ${'['.repeat(500_000)}`);
    write('deep/b.yaml', `version: 1\nusers: ${'{a: '.repeat(100_000)}`);
    write(
      'deep/c.yaml',
      Array.from({ length: 1200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
    );
    write('deep/d.yaml', `${'- '.repeat(200_000)}x\n`);
    write('deep/e.yaml', 'version: 1\nusers:\n  ana: { roles: { User: all-open } }\n');
    const result = await run(['validate', 'deep'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr.match(/error FR104/g)).toHaveLength(4);
    expect(result.stderr).toContain('4 errors, 0 warnings in 5 files');
  });

  it('handles a file of ten thousand users', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `  u${i}: { roles: {} }`);
    const name = write('many/users.yaml', `version: 1\nusers:\n${lines.join('\n')}\n`);
    const result = await run(['validate', name], dir);
    expect(result).toMatchObject({ code: 0, stderr: '0 errors, 0 warnings in 1 file\n' });
  });
});
