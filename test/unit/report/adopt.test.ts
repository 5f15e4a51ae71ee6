import { describe, expect, it } from 'vitest';
import { planChanges } from '../../../src/plan/index.js';
import { buildDriftReport } from '../../../src/report/index.js';
import { proposeAdoption } from '../../../src/report/adopt.js';
import { buildState, loadTexts, type StateSpec } from './state-builder.js';

const CONFIG = `version: 1
groups:
  leads:
    members: [ana, bo]
    roles:
      Lead: [alpha]
users:
  ana:
    roles:
      User: ['show_*', beta]
      Reviewer: all-open
  bo:
    roles:
      User: all-open
  cy:
    roles:
      Reviewer: { projects: [alpha], until: 2099-01-01 }
  gone:
    roles:
      User: [alpha]
  zoe:
    roles:
      User: [alpha]
`;

const SERVER: StateSpec = {
  users: [
    { username: 'svc', roles: { Administrator: 'all-open' } },
    {
      username: 'ana',
      roles: {
        User: ['show_a', 'show_b', 'secret'],
        Reviewer: { all_open: true, projects: ['alpha', 'secret'] },
        Lead: ['alpha', 'beta'],
      },
    },
    { username: 'bo', roles: { User: 'all-open' } },
    { username: 'cy', roles: { Reviewer: ['alpha', 'beta'] } },
    { username: 'zoe', active: false, roles: { User: ['alpha', 'beta'] } },
    { username: 'eve', roles: { User: ['alpha'] } },
    { username: 'dan', roles: { User: ['beta'], API: 'all-open' } },
  ],
};

function propose(addUndeclared: boolean, config = CONFIG, server = SERVER) {
  const { desired } = loadTexts({ 'access/users.yaml': config });
  const current = buildState(server);
  const now = new Date('2026-01-01T00:00:00Z');
  const { plan } = planChanges({ desired, current, apiUser: 'svc', now });
  const drift = buildDriftReport({ plan, desired, current });
  return proposeAdoption({ desired, current, drift, addUndeclared });
}

describe('proposeAdoption', () => {
  it("sets a declared user's drifted roles to the server's, less what groups give", () => {
    const { entries } = propose(false);
    expect(entries).toEqual([
      {
        user: 'ana',
        file: 'access/users.yaml',
        roles: [
          // The group gives alpha: the entry names only beta.
          {
            role: 'Lead',
            scope: { all_open: false, projects: ['beta'] },
            server: { all_open: false, projects: ['alpha', 'beta'] },
            complete: true,
          },
          // alpha is open: under all open projects it adds nothing and is not written.
          {
            role: 'Reviewer',
            scope: { all_open: true, projects: ['secret'] },
            server: { all_open: true, projects: ['alpha', 'secret'] },
            complete: true,
          },
          // The glob still reaches only projects held: kept; beta is not held: dropped.
          {
            role: 'User',
            scope: { all_open: false, projects: ['secret', 'show_*'] },
            server: { all_open: false, projects: ['secret', 'show_a', 'show_b'] },
            complete: true,
          },
        ],
      },
      {
        user: 'bo',
        file: 'access/users.yaml',
        roles: [{ role: 'Lead', scope: null, server: null, complete: false }],
      },
    ]);
  });

  it('leaves the rest alone with a line each: group, until, inactive, unknown, undeclared', () => {
    const { skipped, newUsers } = propose(false);
    expect(newUsers).toEqual([]);
    expect(skipped.map((s) => [s.user, s.role, s.reason])).toEqual([
      ['bo', 'Lead', 'group'],
      ['cy', 'Reviewer', 'until'],
      ['dan', null, 'undeclared'],
      ['eve', null, 'undeclared'],
      ['gone', null, 'unknown-user'],
      ['zoe', null, 'inactive'],
    ]);
    const group = skipped[0]!;
    expect(group.summary).toBe(
      'alpha comes from group leads, and the server does not have it; adopt never edits a group',
    );
    expect(group.sources).toEqual(['access/users.yaml:6:7 (group leads)']);
    expect(skipped[3]!.hint).toContain('--add-undeclared FILE');
  });

  it('with --add-undeclared, proposes entries of every role held, never half an entry', () => {
    const { newUsers, skipped } = propose(true);
    expect(newUsers).toEqual([
      {
        user: 'eve',
        roles: [
          {
            role: 'User',
            scope: { all_open: false, projects: ['alpha'] },
            server: { all_open: false, projects: ['alpha'] },
            complete: true,
          },
        ],
      },
    ]);
    // dan also holds an API role, which the files cannot give: he is not added at all.
    const dan = skipped.find((s) => s.user === 'dan')!;
    expect(dan.reason).toBe('inexpressible');
    expect(dan.summary).toBe(
      'not added: API is an API role, which users cannot hold; the files cannot say it',
    );
  });

  it('does not adopt a role missing from a non-empty catalogue, nor a retired one', () => {
    const config = `version: 1
roles:
  User: {}
  Legacy Editor: { retired: true }
users:
  ana:
    roles:
      User: all-open
`;
    const server: StateSpec = {
      users: [
        { username: 'svc', roles: { Administrator: 'all-open' } },
        {
          username: 'ana',
          roles: { User: 'all-open', Lead: ['alpha'], 'Legacy Editor': ['beta'] },
        },
      ],
      roles: [
        { name: 'Administrator' },
        { name: 'User' },
        { name: 'Lead' },
        { name: 'Legacy Editor' },
      ],
    };
    const { entries, skipped } = propose(false, config, server);
    expect(entries).toEqual([]);
    expect(skipped.map((s) => [s.user, s.role, s.reason, s.sources])).toEqual([
      ['ana', 'Lead', 'not-in-catalogue', []],
      ['ana', 'Legacy Editor', 'retired', ['access/users.yaml:4:3']],
    ]);
  });
});
