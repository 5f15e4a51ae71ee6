import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { EXAMPLE_STUDIO, startStudio, writeRequests, type Studio } from '../reliability/helpers.js';

/** Issue 27, part 8: what `apply` says, in names and in the right number. */

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emu) => emu.stop()));
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** Ids by name, read from the emulator in-process. */
async function idOf(emu: Emulator, type: string, where: string): Promise<string> {
  const [result] = (await emu.call([
    { action: 'query', expression: `select id from ${type} where ${where}` },
  ])) as { data: { id: string }[] }[];
  const id = result?.data[0]?.id;
  if (id === undefined) throw new Error(`no ${type} where ${where}`);
  return id;
}

/** The example studio applied, then hana's private falcon taken away: one change left. */
async function oneChangeStudio(): Promise<Studio> {
  const s = await startStudio(started, EXAMPLE_STUDIO);
  const applied = await s.run(['apply', 'access', '--yes']);
  expect(applied.code, applied.stderr).toBe(0);
  await s.emu.call([
    {
      action: 'revoke_user_security_role_project',
      user_id: await idOf(s.emu, 'User', 'username is "hana"'),
      role_id: await idOf(s.emu, 'SecurityRole', 'name is "Reviewer"'),
      project_id: await idOf(s.emu, 'Project', 'name is "falcon"'),
    },
  ]);
  return s;
}

describe('apply --dry-run names what it would send', () => {
  it('lists the operations with user, role and project names, not ids', async () => {
    const s = await startStudio(started, EXAMPLE_STUDIO);
    const dry = await s.run(['apply', 'access', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    const list = dry.stdout.slice(dry.stdout.indexOf('\nOperations that would be sent'));
    expect(list).toContain(
      `Operations that would be sent in one call to ${s.emu.url}/api (9 operations):`,
    );
    expect(list).toContain('\n   1. add_user_security_role user "bo" role "User"\n');
    expect(list).toContain(
      '\n   2. grant_user_security_role_project user "bo" role "User" all open projects\n',
    );
    expect(list).toContain(
      'grant_user_security_role_project user "jules" role "User" project "falcon"',
    );
    expect(list).toContain('\n   9. remove_user_security_role user "zoe" role "User"\n');
    expect(list).toContain('--format json');
    expect(list).not.toMatch(UUID);
    expect(writeRequests(s.emu)).toEqual([]);
  });

  it('--format json keeps the exact operations, with ids, in the plan', async () => {
    const s = await startStudio(started, EXAMPLE_STUDIO);
    const planned = JSON.parse((await s.run(['plan', 'access', '--format', 'json'])).stdout) as {
      operations: { user_id: string }[];
    };
    expect(planned.operations[0]!.user_id).toMatch(UUID);
    const dry = await s.run(['apply', 'access', '--dry-run', '--format', 'json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect((JSON.parse(dry.stdout) as typeof planned).operations).toEqual(planned.operations);
  });

  it('in chunks, each call in names, a call of one operation in the singular', async () => {
    const s = await startStudio(started, EXAMPLE_STUDIO);
    const dry = await s.run(['apply', 'access', '--dry-run', '--max-operations-per-call', '1']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(
      /\nCall \d of \d+: 1 operation for kim\n {3}1\. remove_user_security_role user "kim" role "Project Manager"\n/,
    );
    expect(dry.stdout).not.toMatch(/\b1 operations\b/);
    expect(dry.stdout).not.toMatch(UUID);
  });
});

describe('one change is one change', () => {
  it('asks "Apply this change (1 operation)"', async () => {
    const s = await oneChangeStudio();
    const asked: string[] = [];
    const io = {
      stdinIsTTY: true,
      confirm: (question: string) => {
        asked.push(question);
        return Promise.resolve(false);
      },
    };
    const declined = await s.run(['apply', 'access'], { io });
    expect(declined.code).toBe(1);
    expect(asked).toEqual([`Apply this change (1 operation) to ${s.emu.url}?`]);
  });

  it('says "Applied 1 change (1 operation) and verified it"', async () => {
    const s = await oneChangeStudio();
    const applied = await s.run(['apply', 'access', '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('Applying 1 operation in one call to');
    expect(applied.stderr).toContain(
      'Applied 1 change (1 operation) and verified it on the server.',
    );
  });

  it('a dry run of one operation says so in the singular', async () => {
    const s = await oneChangeStudio();
    const dry = await s.run(['apply', 'access', '--dry-run']);
    expect(dry.stdout).toContain(
      `Operations that would be sent in one call to ${s.emu.url}/api (1 operation):\n   1. grant_user_security_role_project user "hana" role "Reviewer" project "falcon"\n`,
    );
  });
});
