import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import type { Plan } from '../../src/plan/index.js';
import { fakeIo } from './fake-io.js';

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

/** The fenced blocks that follow `<!-- readme-example: NAME … -->` in README.md, in order. */
function exampleBlocks(name: string): { lang: string; body: string }[] {
  const start = README.indexOf(`<!-- readme-example: ${name} `);
  if (start < 0) throw new Error(`README.md has no example ${name}`);
  const after = README.slice(README.indexOf('\n', start));
  // Up to the next example or section heading (a `# ` line in a block is a YAML comment).
  const end = after.search(/\n(?:<!--|##+ )/);
  const section = after.slice(0, end < 0 ? undefined : end + 1);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1]!,
    body: m[2]!,
  }));
}

describe('README: all open projects and explicit grants', () => {
  let emu: Emulator;
  beforeAll(async () => {
    // The server of the example: ana holds User on nebula, an open project.
    emu = await startEmulator({
      seed: {
        security_roles: [
          { name: 'Administrator', type: 'PROJECT' },
          { name: 'User', type: 'PROJECT' },
        ],
        projects: [{ name: 'nebula', full_name: 'Nebula', is_private: false }],
        users: [
          { username: 'svc-access', api_key: 'readme-key', roles: { Administrator: 'all-open' } },
          { username: 'ana', roles: { User: ['nebula'] } },
        ],
      },
    });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('keeps an explicit grant of an open project under all-open, as the README says', async () => {
    const [config, output] = exampleBlocks('all-open-keeps-explicit-grants');
    expect(config?.lang).toBe('yaml');
    expect(output?.lang).toBe('text');
    const file = /^# (\S+)\n/.exec(config!.body)![1]!;
    expect(file).toBe('access/users.yaml');
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-readme-'));
    mkdirSync(join(dir, 'access'));
    writeFileSync(join(dir, file), config!.body);
    const cli = async (argv: string[]) => {
      const env = {
        FTRACK_SERVER: emu.url,
        FTRACK_API_USER: 'svc-access',
        FTRACK_API_KEY: 'readme-key',
      };
      const run = fakeIo(dir, env);
      const code = await runCli(argv, run.io);
      return { code, stdout: run.stdout(), stderr: run.stderr() };
    };

    const text = await cli(['plan', 'access', '--detailed-exitcode']);
    expect(text.code, text.stderr).toBe(2);
    expect(text.stdout).toContain(`\n\n${output!.body}\n`);
    const json = JSON.parse((await cli(['plan', 'access', '--format', 'json'])).stdout) as Plan;
    expect(json.changes.map((c) => [c.user, c.role, c.before, c.after])).toEqual([
      [
        'ana',
        'User',
        { all_open: false, projects: ['nebula'] },
        { all_open: true, projects: ['nebula'] },
      ],
    ]);
    // Only all open projects is granted: the nebula grant is neither revoked nor granted.
    expect(
      json.operations.map((o) => [o.action, 'all_open_projects' in o && o.all_open_projects]),
    ).toEqual([['grant_user_security_role_project', true]]);

    expect((await cli(['apply', 'access', '--yes'])).code).toBe(0);
    expect((await cli(['plan', 'access', '--detailed-exitcode'])).code).toBe(0);
    // Made private, nebula is reached only through the kept grant: the next plan revokes it.
    const [project] = (await emu.call([
      { action: 'query', expression: 'select id from Project where name is "nebula"' },
    ])) as { data: { id: string }[] }[];
    await emu.call([
      {
        action: 'update',
        entity_type: 'Project',
        entity_key: project!.data[0]!.id,
        entity_data: { is_private: true },
      },
    ]);
    const after = await cli(['plan', 'access', '--detailed-exitcode']);
    expect(after.code, after.stderr).toBe(2);
    expect(after.stdout).toContain(
      'ana\n  ~ User: all open projects + nebula → all open projects\n      - nebula\n',
    );
  });
});
