import { describe, expect, it } from 'vitest';
import { checkConfigTexts } from '../../../src/config/check.js';
import { globMatcher, isGlob, matchNames } from '../../../src/model/glob.js';
import { exportAccess } from '../../../src/pipeline/export.js';
import { resolveDesiredState, selectManagedUsers } from '../../../src/plan/index.js';
import { expandGrant } from '../../../src/report/explain-grant.js';
import { collectExport } from '../../../src/report/index.js';
import type { Session } from '../../../src/session/index.js';
import { fileTexts } from '../config/helpers.js';
import { desiredState, serverState } from '../plan/builders.js';

// One glob rule (src/model/glob.ts) for every pattern over names. The same patterns go to
// every place that matches names: the config rule on ignore_users (FR307), the managed
// set, the planner's project resolution, explain, and export --users. Each must find
// exactly the names the rule matches.

const NAMES = [
  'ana',
  'Ana',
  'bo',
  'svc-access',
  'svc-render',
  'render.bot',
  '.bot',
  'show_a',
  'show_b',
  'show_c',
  'ep1',
  'ep10',
  'a.b@x.com',
];

const PATTERNS = [
  'svc-*',
  'ana',
  'Ana',
  '*.bot',
  'show_[ab]',
  'show_*',
  '{ana,bo}',
  'ep?',
  '*',
  'a.b@x.com',
];

const expected = (pattern: string) => NAMES.filter(globMatcher([pattern]));

describe('the glob rule', () => {
  it('says which names a pattern matches, as documented (docs/format.md, Names and globs)', () => {
    expect(expected('svc-*')).toEqual(['svc-access', 'svc-render']);
    expect(expected('ana')).toEqual(['ana']); // a plain name, case matters
    expect(expected('*.bot')).toEqual(['render.bot', '.bot']); // `*` matches dots
    expect(expected('show_[ab]')).toEqual(['show_a', 'show_b']);
    expect(expected('{ana,bo}')).toEqual(['ana', 'bo']);
    expect(expected('ep?')).toEqual(['ep1']);
    expect(expected('*')).toEqual(NAMES);
    expect(matchNames('!svc-*', ['svc-access', '!svc-x'])).toEqual(['!svc-x']); // never a negation
    expect(isGlob('a.b@x.com')).toBe(false);
  });
});

describe.each(PATTERNS)('the pattern %s', (pattern) => {
  it('is the same set of users for the config rule on ignore_users (FR307)', () => {
    const users = NAMES.map((n) => `  '${n}':\n    roles: {}`).join('\n');
    const text = `version: 1\nsettings:\n  ignore_users: ['${pattern}']\nusers:\n${users}\n`;
    const checked = checkConfigTexts(fileTexts({ 'a.yaml': text }));
    const ignored = checked.diagnostics
      .filter((d) => d.code === 'FR307')
      .map((d) => /user '([^']+)'/.exec(d.summary)![1]);
    expect(ignored.sort()).toEqual(expected(pattern).sort());
  });

  it('is the same set of users for the managed set', () => {
    const server = serverState({ users: NAMES.map((username) => ({ username })) });
    const managed = selectManagedUsers(
      {
        manage: 'declared',
        ignoreUsers: [pattern],
        inactiveUsers: 'remove',
        ownedRoles: new Set(),
        apiUser: 'svc-access',
      },
      NAMES,
      server,
    );
    expect(NAMES.filter((n) => !managed.includes(n)).sort()).toEqual(expected(pattern).sort());
  });

  it('is the same set of projects for the planner and for explain', () => {
    const server = serverState({ projects: NAMES.map((name) => ({ name })) });
    const desired = desiredState({ users: { svc: { User: [pattern] } } });
    const resolved = resolveDesiredState(desired, server);
    const scope = resolved.users.get('svc')?.roles.get('User')?.scope.projects ?? [];
    expect([...scope].sort()).toEqual(expected(pattern).sort());
    const parts = expandGrant(desired.users.get('svc')!.roles.get('User')!, server.projects);
    expect([...parts.projects.keys()].sort()).toEqual(expected(pattern).sort());
  });

  it('is the same set of users for export --users', () => {
    const server = serverState({
      users: NAMES.map((username) => ({ username, roles: { User: 'all-open' } })),
    });
    const model = collectExport(server, { users: pattern });
    // The server also has the builder's API user `svc`.
    const all = server.users.map((u) => u.username).filter(globMatcher([pattern]));
    expect(model.users.map((u) => u.username).sort()).toEqual(all.sort());
    expect(all.filter((n) => n !== 'svc').sort()).toEqual(expected(pattern).sort());
  });
});

describe('a pattern that starts with ! (FR314 in a config, a usage error for export)', () => {
  it('is refused by the config check and by export, before anything is read', async () => {
    const checked = checkConfigTexts(
      fileTexts({
        'a.yaml':
          "version: 1\nsettings:\n  ignore_users: ['!svc-*']\nusers:\n  ana:\n    roles:\n      User: ['!show_*']\n",
      }),
    );
    expect(checked.documents).toBeUndefined();
    expect(checked.diagnostics.map((d) => d.code)).toEqual(['FR314', 'FR314']);
    let connected = false;
    const connect = (): Session => {
      connected = true;
      throw new Error('not reached');
    };
    await expect(exportAccess({ connect, users: '!a*', includeInactive: false })).rejects.toThrow(
      /FR314/,
    );
    expect(connected).toBe(false);
  });
});
