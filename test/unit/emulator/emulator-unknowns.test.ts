import { afterEach, describe, expect, it } from 'vitest';
import {
  EmulatorError,
  EmulatorSetupError,
  prepareState,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from '../../../src/emulator/index.js';
import { post, smallSeed } from './helpers.js';

// What the protocol notes leave unknown (§6.2), made configurable: the scope of an added
// role, whether granting all open projects keeps project grants, and the collation.

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.stop()));
});

async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator({ seed: smallSeed(), ...options });
  started.push(emu);
  return emu;
}

async function idOf(emu: Emulator, type: string, attribute: string, value: string) {
  const [result] = (await emu.call([
    { action: 'query', expression: `select id from ${type} where ${attribute} is "${value}"` },
  ])) as { data: { id: string }[] }[];
  return result!.data[0]!.id;
}

async function pair(emu: Emulator, username: string, role: string) {
  return {
    user_id: await idOf(emu, 'User', 'username', username),
    role_id: await idOf(emu, 'SecurityRole', 'name', role),
  };
}

const roles = (emu: Emulator, username: string) =>
  emu.snapshot().users.find((u) => u.username === username)!.roles;

async function failure(work: Promise<unknown>): Promise<EmulatorError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmulatorError);
  return error as EmulatorError;
}

describe('addRoleScope', () => {
  it.each([
    ['none', false],
    ['all-open', true],
  ] as const)('%s: an added role starts with all_open %s', async (scope, allOpen) => {
    const emu = await emulator({ addRoleScope: scope });
    const params = await pair(emu, 'bo', 'Supervisor');
    await emu.call([{ action: 'add_user_security_role', ...params }], { asUser: 'admin' });
    expect(roles(emu, 'bo')['Supervisor']).toEqual({ all_open: allOpen, projects: [] });
  });

  it('all-open: granting all open projects right after add still fails (strict)', async () => {
    const emu = await emulator({ addRoleScope: 'all-open' });
    const params = await pair(emu, 'bo', 'Supervisor');
    const error = await failure(
      emu.call([
        { action: 'add_user_security_role', ...params },
        { action: 'grant_user_security_role_project', ...params, all_open_projects: true },
      ]),
    );
    expect(error.content).toMatch(/already granted on all open projects/);
    expect(roles(emu, 'bo')['Supervisor']).toBeUndefined();
  });
});

describe('grantAllOpenKeepsProjects', () => {
  it.each([
    [true, ['alpha']],
    [false, []],
  ])('%s: the project grants after granting all open are %j', async (keeps, projects) => {
    const emu = await emulator({ grantAllOpenKeepsProjects: keeps });
    const params = await pair(emu, 'ana', 'User');
    await emu.call([
      { action: 'grant_user_security_role_project', ...params, all_open_projects: true },
    ]);
    expect(roles(emu, 'ana')['User']).toEqual({ all_open: true, projects });
    expect(roles(emu, 'ana')['Supervisor']).toEqual({ all_open: true, projects: ['secret'] });
  });

  it('false: granting all open when already on still fails and deletes nothing', async () => {
    const emu = await emulator({ grantAllOpenKeepsProjects: false });
    const params = await pair(emu, 'ana', 'Supervisor');
    await failure(
      emu.call([
        { action: 'grant_user_security_role_project', ...params, all_open_projects: true },
      ]),
    );
    expect(roles(emu, 'ana')['Supervisor']).toEqual({ all_open: true, projects: ['secret'] });
  });
});

const names = async (emu: Emulator, expression: string) => {
  const { json } = await post(emu.url, [{ action: 'query', expression }]);
  return (json as { data: Record<string, string>[] }[])[0]!.data.map(
    (r) => r['name'] ?? r['username'],
  );
};

describe('collation', () => {
  const cases: [string, string[], string[]][] = [
    ['select name from Project where name is "ALPHA"', [], ['alpha']],
    ['select name from Project where name = "Beta"', [], ['beta']],
    [
      'select name from Project where name is_not "ALPHA" order by name',
      ['alpha', 'beta', 'secret'],
      ['beta', 'secret'],
    ],
    [
      'select name from Project where name in ("ALPHA", "Secret") order by name',
      [],
      ['alpha', 'secret'],
    ],
    [
      'select name from Project where name not_in ("ALPHA", "BETA")',
      ['alpha', 'beta', 'secret'],
      ['secret'],
    ],
    ['select name from Project where name like "AL%"', [], ['alpha']],
    [
      'select name from Project where name not_like "AL%" order by name',
      ['alpha', 'beta', 'secret'],
      ['beta', 'secret'],
    ],
    ['select username from User where username is "ANA"', [], ['ana']],
    ['select username from User where memberships.group.name is "lighting leads"', [], ['ana']],
    [
      'select name from Project where name in (select name from Project where name like "SEC%")',
      [],
      ['secret'],
    ],
  ];

  it.each(cases)('%s', async (expression, binary, insensitive) => {
    const strict = await emulator();
    const relaxed = await emulator({ collation: 'case-insensitive' });
    expect(await names(strict, expression)).toEqual(binary);
    expect(await names(relaxed, expression)).toEqual(insensitive);
  });

  it('case-insensitive: a name differing only in case is a DuplicateEntryError', async () => {
    const emu = await emulator({ collation: 'case-insensitive' });
    const create = { action: 'create', entity_type: 'Project', entity_data: { name: 'ALPHA' } };
    const error = await failure(emu.call([create]));
    expect(error.exception).toBe('DuplicateEntryError');
    expect(error.content).toContain('as "alpha"');
    const beta = await idOf(emu, 'Project', 'name', 'beta');
    const rename = { action: 'update', entity_type: 'Project', entity_key: beta };
    const renamed = await failure(emu.call([{ ...rename, entity_data: { name: 'Alpha' } }]));
    expect(renamed.exception).toBe('DuplicateEntryError');
    await emu.call([{ ...rename, entity_data: { name: 'BETA' } }]); // itself: fine
    const binary = await emulator();
    await binary.call([create]);
    expect(binary.snapshot().projects.map((p) => p.name)).toContain('ALPHA');
  });

  it('case-insensitive: a seed whose names differ only in case is refused', () => {
    const seed = smallSeed();
    seed.users!.push({ username: 'Ana' });
    expect(() => prepareState({ seed })).not.toThrow();
    expect(() => prepareState({ seed, collation: 'case-insensitive' })).toThrow(EmulatorSetupError);
    expect(() => prepareState({ seed, collation: 'case-insensitive' })).toThrow(
      /User username: ana, Ana/,
    );
  });
});
