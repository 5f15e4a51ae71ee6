import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { fakeIo } from './fake-io.js';

/**
 * Issue 27, part 8: `validate --catalog` reports the unknown names together with the other
 * errors of the files, in one run, instead of only once every other error is fixed.
 */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-wording-catalog-'));
  writeFileSync(
    join(dir, 'catalog.json'),
    JSON.stringify({
      format_version: 1,
      server: 'https://studio.example.com',
      pulled_at: '2026-01-01T00:00:00.000Z',
      users: [
        { username: 'ana', is_active: true },
        { username: 'svc-access', is_active: true },
      ],
      roles: [{ name: 'User', type: 'PROJECT' }],
      projects: [{ name: 'nebula', is_private: false }],
      groups: [],
    }),
  );
});

const validate = async (files: Record<string, string>) => {
  const sub = mkdtempSync(join(dir, 'case-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(sub, name), text);
  const io = fakeIo(dir, {});
  const code = await runCli(
    ['validate', sub, '--catalog', 'catalog.json', '--format', 'json'],
    io.io,
  );
  const report = JSON.parse(io.stdout()) as {
    diagnostics: { file: string; code: string; line: number }[];
  };
  const relative = (file: string) => file.slice(file.lastIndexOf('/') + 1);
  return { code, found: report.diagnostics.map((d) => `${relative(d.file)}:${d.line} ${d.code}`) };
};

describe('validate --catalog with other errors', () => {
  it('in the same file: the rule error and the unknown names', async () => {
    const { code, found } = await validate({
      'users.yaml': [
        'version: 1',
        'settings:',
        '  ignore_users: [ana]',
        'groups:',
        '  crew:',
        '    members: [ana, anna]',
        '    roles:',
        '      User: [nebulla]',
        '',
      ].join('\n'),
    });
    expect(code).toBe(1);
    expect(found).toEqual(['users.yaml:6 FR307', 'users.yaml:6 FR401', 'users.yaml:8 FR403']);
  });

  it('in another file: a schema error there, the unknown names here', async () => {
    const { code, found } = await validate({
      'a.yaml': 'version: 1\nusers:\n  anna:\n    roles:\n      Usr: all-open\n',
      'b.yaml': 'version: 1\nusers:\n  bo:\n    roles:\n      User: 5\n',
    });
    expect(code).toBe(1);
    expect(found).toContain('a.yaml:3 FR401');
    expect(found).toContain('a.yaml:5 FR402');
    expect(found.filter((f) => f.startsWith('b.yaml:5 '))).toHaveLength(1);
  });

  it('a file that does not parse is left out; its names are not guessed at', async () => {
    const { found } = await validate({
      'a.yaml': 'version: 1\nusers:\n  anna:\n    roles:\n      User: all-open\n',
      'b.yaml': 'version: 1\nusers: [\n',
    });
    expect(found).toContain('a.yaml:3 FR401');
    expect(found.filter((f) => f.startsWith('b.yaml')).length).toBeGreaterThan(0);
    expect(found.filter((f) => f.startsWith('b.yaml') && f.includes('FR40'))).toEqual([]);
  });
});
