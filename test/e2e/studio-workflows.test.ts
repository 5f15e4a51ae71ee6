import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { parsePlan } from '../../src/plan/index.js';
import { fakeIo } from './fake-io.js';

const root = join(import.meta.dirname, '../..');
const ACCESS = 'examples/studio/access';
const KEY = 'local-demo-key';

let emu: Emulator;
const env = () => ({ FTRACK_SERVER: emu.url, FTRACK_API_USER: 'svc-access', FTRACK_API_KEY: KEY });

beforeAll(async () => {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
});
afterAll(async () => {
  await emu.stop();
});

interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** The clock of the run (default: fakeIo's 2026-01-01). */
  now?: string;
}

async function cli(argv: string[], options: CliOptions = {}) {
  const run = fakeIo(options.cwd ?? root, options.env ?? env());
  if (options.now !== undefined) run.io.now = () => new Date(options.now!);
  const code = await runCli(argv, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('ftrack groups in the example studio', () => {
  it('the plan shows who the ftrack group Lighting gave and why', async () => {
    const text = await cli(['plan', ACCESS]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Members read from ftrack groups:');
    expect(text.stdout).toContain('lighting ← ftrack group Lighting and its sub-groups: 3 members');
    expect(text.stdout).toMatch(/^ {4}bo {4}via ftrack group Lighting$/m);
    expect(text.stdout).toContain('Plan: 2 to assign, 2 to modify, 3 to remove.');
    const json = await cli(['plan', ACCESS, '--format', 'json']);
    const plan = parsePlan(json.stdout, 'stdout');
    expect(plan.groups).toEqual([
      {
        group: 'lighting',
        ftrack_group: 'Lighting',
        include_subgroups: true,
        source: `${ACCESS}/groups.yaml:12:19`,
        members: [
          { user: 'ana', via: [['Lighting']] },
          { user: 'bo', via: [['Lighting']] },
          { user: 'chen', via: [['Lighting']] },
        ],
      },
    ]);
    const markdown = await cli(['plan', ACCESS, '--format', 'markdown']);
    expect(markdown.stdout).toContain('- `bo` via ftrack group Lighting');
  });
});

describe('reading ftrack groups only when the config uses them', () => {
  const groupQueries = () =>
    emu
      .requests()
      .flat()
      .filter((op) => JSON.stringify(op).includes('from Group')).length;

  it('does not read groups for a config that lists its members', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-members-'));
    writeFileSync(
      join(dir, 'a.yaml'),
      'version: 1\ngroups:\n  comp:\n    members: [dara]\n    roles: { User: all-open }\n',
    );
    emu.resetCounters();
    const listed = await cli(['plan', dir]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).not.toContain('Members read from ftrack groups');
    expect(groupQueries()).toBe(0);
    emu.resetCounters();
    expect((await cli(['plan', ACCESS])).code).toBe(0);
    expect(groupQueries()).toBeGreaterThan(0);
  });
});

describe('the offline catalogue', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-catalog-'));
    const pulled = await cli(['catalog', 'pull', '--out', join(dir, 'catalog.json')]);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stderr).toContain('Saved the catalogue of 22 users, 9 roles, 6 projects');
  });

  it('holds names and flags only: no key, no ids', () => {
    const text = readFileSync(join(dir, 'catalog.json'), 'utf8');
    expect(text).not.toContain(KEY);
    const catalog = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(catalog)).toEqual([
      'format_version',
      'server',
      'pulled_at',
      'users',
      'roles',
      'projects',
      'groups',
    ]);
    expect(catalog['pulled_at']).toBe('2026-01-01T00:00:00.000Z');
    expect(catalog['users']).toContainEqual({ username: 'zoe', is_active: false });
    expect(catalog['roles']).toContainEqual({ name: 'Restricted User', type: 'ASSIGNED' });
    expect(catalog['projects']).toContainEqual({ name: 'falcon', is_private: true });
    expect(catalog['groups']).toEqual([
      { name: 'Compositing', parent: null, members: ['dara', 'eli', 'fatima', 'goran'] },
      { name: 'Lighting', parent: null, members: ['ana', 'bo', 'chen'] },
    ]);
    expect(text).not.toMatch(/"id"/);
  });

  it('validate --catalog accepts the example without any server or credentials', async () => {
    const before = emu.requestCount();
    const result = await cli(['validate', ACCESS, '--catalog', join(dir, 'catalog.json')], {
      env: {},
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('0 errors, 0 warnings');
    expect(emu.requestCount()).toBe(before);
  });

  it('validate --catalog reports every invalid reference kind with position and did-you-mean', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      [
        'version: 1',
        'groups:',
        '  lights:',
        '    ftrack_group: Lightning',
        '    roles:',
        '      User: all-open',
        'users:',
        '  anna:',
        '    roles:',
        '      Usr: all-open',
        '  bo:',
        '    roles:',
        '      User: [nebulla]',
        '      API: all-open',
        '  jules:',
        '    roles:',
        '      Restricted User: [falcon]',
        '  kim:',
        '    roles:',
        "      User: ['film_*']",
        '  zoe:',
        '    roles: {}',
        '',
      ].join('\n'),
    );
    const before = emu.requestCount();
    const result = await cli(
      ['validate', 'bad.yaml', '--catalog', 'catalog.json', '--format', 'json'],
      { cwd: dir, env: {} },
    );
    expect(result.code).toBe(1);
    expect(emu.requestCount()).toBe(before);
    const report = JSON.parse(result.stdout) as {
      diagnostics: {
        code: string;
        line: number;
        col: number;
        summary: string;
        hint: string | null;
      }[];
    };
    const suggested = (summary: string) => / \(did you mean "[^"]+"\?\)$/.exec(summary)?.[0];
    expect(report.diagnostics.map((d) => [d.code, d.line, d.col, suggested(d.summary)])).toEqual([
      ['FR408', 4, 19, ' (did you mean "Lighting"?)'],
      ['FR401', 8, 3, ' (did you mean "ana"?)'],
      ['FR402', 10, 7, ' (did you mean "User"?)'],
      ['FR403', 13, 14, ' (did you mean "nebula"?)'],
      ['FR405', 14, 7, undefined],
      ['FR406', 17, 25, undefined],
      ['FR404', 20, 14, undefined],
      ['FR407', 21, 3, undefined],
    ]);
    expect(report.diagnostics.map((d) => [d.code, d.line, d.col, d.hint])).toEqual([
      ['FR408', 4, 19, 'Check the group name in ftrack (names are case-sensitive).'],
      ['FR401', 8, 3, 'Create the user in ftrack first.'],
      ['FR402', 10, 7, 'Create the role in ftrack first.'],
      ['FR403', 13, 14, 'Use the project name (not its full name).'],
      ['FR405', 14, 7, 'Remove this grant, or use a PROJECT role.'],
      ['FR406', 17, 25, 'Use a PROJECT role for private projects.'],
      ['FR404', 20, 14, 'Check the pattern, or remove it if the projects are gone.'],
      ['FR407', 21, 3, 'Remove the user from the config if they have left.'],
    ]);
  });

  it('refuses a catalogue that is not JSON, of another version, or invalid', async () => {
    const cases: [string, string][] = [
      ['not json', 'FR481'],
      [JSON.stringify({ format_version: 2 }), 'FR482'],
      [JSON.stringify({ format_version: 1, users: [] }), 'FR483'],
    ];
    for (const [text, code] of cases) {
      writeFileSync(join(dir, 'broken.json'), text);
      const result = await cli(['validate', ACCESS, '--catalog', join(dir, 'broken.json')], {
        env: {},
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`broken.json:1:1: error ${code}:`);
    }
    const missing = await cli(['validate', ACCESS, '--catalog', join(dir, 'none.json')]);
    expect(missing.stderr).toContain('error FR481: cannot read the catalogue (ENOENT)');
  });

  it('catalog pull without --out prints the catalogue; catalog --help explains it', async () => {
    const printed = await cli(['catalog', 'pull']);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({ format_version: 1 });
    const help = await cli(['catalog', 'pull', '--help']);
    expect(help.stdout).toContain('--out <file>');
    expect(help.stdout).toContain('validate access/ --catalog');
  });
});

describe('the expiring freelancer grant of the example studio (pat, Reviewer until 2027-04-01)', () => {
  it('validate warns within 14 days of the end, not before', async () => {
    const early = await cli(['validate', ACCESS], { env: {}, now: '2027-03-17T23:00:00Z' });
    expect(early.stderr).not.toContain('FR312');
    const soon = await cli(['validate', ACCESS], { env: {}, now: '2027-03-18T00:00:00Z' });
    expect(soon.code).toBe(0);
    expect(soon.stderr).toContain(
      "users/review.yaml:15:45: warning FR312: the grant of role 'Reviewer' to user 'pat' ends in 14 days: from 2027-04-01 it is no longer desired (last day 2027-03-31)",
    );
  });

  it('plan removes it from that day on and says why; the saved plan applies', async () => {
    const before = await cli(['plan', ACCESS, '--format', 'json'], { now: '2027-03-31T23:59:59Z' });
    expect(
      parsePlan(before.stdout, 'stdout').changes.some(
        (c) => c.role === 'Reviewer' && c.user === 'pat',
      ),
    ).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-expiry-'));
    const planFile = join(dir, 'plan.json');
    const on = await cli(['plan', ACCESS, '--out', planFile], { now: '2027-04-01T00:00:00Z' });
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toMatch(/^ {2}- Reviewer: ember \(grant ended: until 2027-04-01\)$/m);
    expect(on.stdout).toContain('      from examples/studio/access/users/review.yaml:15:7\n');
    expect(on.stderr).toContain('warning FR313');
    const saved = parsePlan(readFileSync(planFile, 'utf8'), planFile);
    expect(saved.changes.find((c) => c.user === 'pat' && c.role === 'Reviewer')).toMatchObject({
      action: 'remove',
      expired: [{ until: '2027-04-01', source: `${ACCESS}/users/review.yaml:15:7` }],
    });
    expect(saved.groups?.[0]?.group).toBe('lighting');
    // apply --plan plans the config the file was made from again, on a later day too.
    const applied = await cli(
      ['apply', ACCESS, '--plan', planFile, '--yes', '--audit-log', join(dir, 'a.jsonl')],
      { now: '2027-04-01T12:00:00Z' },
    );
    expect(applied.code, applied.stderr).toBe(0);
    expect(emu.snapshot().users.find((u) => u.username === 'pat')?.roles).toEqual({});
    const again = await cli(['plan', ACCESS, '--detailed-exitcode'], {
      now: '2027-04-02T00:00:00Z',
    });
    expect(again.code, again.stderr).toBe(0);
  });
});
