import { describe, expect, it } from 'vitest';
import type { ChangeAction, ChangeReason } from '../../../src/plan/index.js';
import type { ConfigSpec, ScopeSpec, ServerSpec } from './builders.js';
import { describeOperation, runPlan } from './helpers.js';
import { applyOperations } from './simulator.js';
import { desiredState, serverState } from './builders.js';
import { planChanges } from '../../../src/plan/index.js';

type ScopeOut = { all_open: boolean; projects: string[] } | null;
interface Case {
  name: string;
  server: ServerSpec;
  config: ConfigSpec;
  changes: [user: string, role: string, action: ChangeAction, before: ScopeOut, after: ScopeOut][];
  operations: string[];
  removals?: number;
  reasons?: ChangeReason[];
}

const all = (...projects: string[]) => ({ all_open: true, projects });
const only = (...projects: string[]) => ({ all_open: false, projects });
const user = (username: string, roles: Record<string, ScopeSpec> = {}, active = true) => ({
  username,
  roles,
  active,
});

const cases: Case[] = [
  {
    name: 'assign all-open',
    server: { users: [user('ana')] },
    config: { users: { ana: { User: 'all-open' } } },
    changes: [['ana', 'User', 'assign', null, all()]],
    operations: ['add ana User', 'grant ana User *'],
    removals: 0,
  },
  {
    name: 'assign projects',
    server: { users: [user('ana')] },
    config: { users: { ana: { Supervisor: ['beta', 'alpha'] } } },
    changes: [['ana', 'Supervisor', 'assign', null, only('alpha', 'beta')]],
    operations: ['add ana Supervisor', 'grant ana Supervisor alpha', 'grant ana Supervisor beta'],
  },
  {
    name: 'assign an empty scope (held, reaching nothing)',
    server: { users: [user('ana')] },
    config: { users: { ana: { Reviewer: [] } } },
    changes: [['ana', 'Reviewer', 'assign', null, only()]],
    operations: ['add ana Reviewer'],
  },
  {
    name: 'remove an undeclared role',
    server: { users: [user('ana', { User: 'all-open', 'Project Manager': ['alpha'] })] },
    config: { users: { ana: { User: 'all-open' } } },
    changes: [['ana', 'Project Manager', 'remove', only('alpha'), null]],
    operations: ['remove ana Project Manager'],
    removals: 1,
    reasons: ['undeclared'],
  },
  {
    name: 'all-open to open projects: revoke all-open first (the server refuses the grant otherwise)',
    server: { users: [user('ana', { User: 'all-open' })] },
    config: { users: { ana: { User: ['alpha', 'secret'] } } },
    changes: [['ana', 'User', 'modify', all(), only('alpha', 'secret')]],
    operations: ['revoke ana User *', 'grant ana User alpha', 'grant ana User secret'],
    removals: 1,
  },
  {
    name: 'all-open to private projects only: grants first, revoke last',
    server: { users: [user('ana', { User: 'all-open' })] },
    config: { users: { ana: { User: ['secret'] } } },
    changes: [['ana', 'User', 'modify', all(), only('secret')]],
    operations: ['grant ana User secret', 'revoke ana User *'],
    removals: 1,
  },
  {
    name: 'all-open to open projects already granted explicitly: no revoke-first',
    server: { users: [user('ana', { User: all('alpha') })] },
    config: { users: { ana: { User: ['alpha'] } } },
    changes: [['ana', 'User', 'modify', all('alpha'), only('alpha')]],
    operations: ['revoke ana User *'],
    removals: 1,
  },
  {
    name: 'projects to all-open keeps redundant open grants, revokes private ones',
    server: { users: [user('ana', { User: ['alpha', 'secret'] })] },
    config: { users: { ana: { User: 'all-open' } } },
    changes: [['ana', 'User', 'modify', only('alpha', 'secret'), all('alpha')]],
    // private grants are revoked before all-open (servers may keep or drop them)
    operations: ['revoke ana User secret', 'grant ana User *'],
    removals: 1,
  },
  {
    name: 'projects added and removed',
    server: { users: [user('ana', { Supervisor: ['alpha', 'beta'] })] },
    config: { users: { ana: { Supervisor: ['beta', 'show_a'] } } },
    changes: [['ana', 'Supervisor', 'modify', only('alpha', 'beta'), only('beta', 'show_a')]],
    operations: ['grant ana Supervisor show_a', 'revoke ana Supervisor alpha'],
    removals: 1,
  },
  {
    name: 'all-open with a private project, from nothing (open projects dropped as redundant)',
    server: { users: [user('ana')] },
    config: { users: { ana: { Reviewer: { all_open: true, projects: ['secret', 'alpha'] } } } },
    changes: [['ana', 'Reviewer', 'assign', null, all('secret')]],
    operations: ['add ana Reviewer', 'grant ana Reviewer *', 'grant ana Reviewer secret'],
  },
  {
    name: 'all-open gains a private project',
    server: { users: [user('ana', { Reviewer: 'all-open' })] },
    config: { users: { ana: { Reviewer: { all_open: true, projects: ['secret'] } } } },
    changes: [['ana', 'Reviewer', 'modify', all(), all('secret')]],
    operations: ['grant ana Reviewer secret'],
    removals: 0,
  },
  {
    name: 'all-open with a redundant explicit open grant is no change',
    server: { users: [user('ana', { User: all('alpha') })] },
    config: { users: { ana: { User: { all_open: true, projects: ['beta'] } } } },
    changes: [],
    operations: [],
  },
  {
    name: 'retired role removed',
    server: { users: [user('pat', { Reviewer: ['alpha'], 'Legacy Editor': 'all-open' })] },
    config: {
      catalogue: { 'Legacy Editor': { retired: true } },
      users: { pat: { Reviewer: ['alpha'] } },
    },
    changes: [['pat', 'Legacy Editor', 'remove', all(), null]],
    operations: ['remove pat Legacy Editor'],
    reasons: ['retired'],
  },
  {
    name: 'groups: the union of the user entry and the group grants',
    server: { users: [user('ana', { User: ['secret'] }), user('bo')] },
    config: {
      users: { ana: { User: ['secret'] } },
      groups: { lighting: { members: ['ana', 'bo'], roles: { User: 'all-open' } } },
    },
    changes: [
      ['ana', 'User', 'modify', only('secret'), all('secret')],
      ['bo', 'User', 'assign', null, all()],
    ],
    // the private grant goes and comes back around all-open (servers may keep or drop it)
    operations: [
      'revoke ana User secret',
      'grant ana User *',
      'grant ana User secret',
      'add bo User',
      'grant bo User *',
    ],
  },
  {
    name: 'ftrack groups (with subgroups) give members their roles',
    server: {
      users: [user('ana'), user('bo'), user('cy')],
      groups: [
        { name: 'Lighting', members: ['ana'] },
        { name: 'Lighting Juniors', parent: 'Lighting', members: ['bo'] },
        { name: 'Other', members: ['cy'] },
      ],
    },
    config: {
      groups: {
        lighting: { ftrackGroup: 'Lighting', subgroups: true, roles: { Lead: ['alpha'] } },
      },
    },
    changes: [
      ['ana', 'Lead', 'assign', null, only('alpha')],
      ['bo', 'Lead', 'assign', null, only('alpha')],
    ],
    operations: ['add ana Lead', 'grant ana Lead alpha', 'add bo Lead', 'grant bo Lead alpha'],
  },
  {
    name: 'project globs expand over the server projects',
    server: { users: [user('liam')] },
    config: { users: { liam: { 'Project Manager': ['show_*', 'secret'] } } },
    changes: [['liam', 'Project Manager', 'assign', null, only('secret', 'show_a', 'show_b')]],
    operations: [
      'add liam Project Manager',
      'grant liam Project Manager secret',
      'grant liam Project Manager show_a',
      'grant liam Project Manager show_b',
    ],
  },
  {
    name: 'ignored users are never changed',
    server: { users: [user('svc-bot', { User: ['alpha'] }), user('ana')] },
    config: { settings: { ignoreUsers: ['svc*'] }, users: { 'svc-bot': { Lead: ['beta'] } } },
    changes: [],
    operations: [],
  },
  {
    name: 'manage: declared leaves undeclared users alone',
    server: { users: [user('kim', { User: 'all-open' }), user('ana')] },
    config: { users: { ana: {} } },
    changes: [],
    operations: [],
  },
  {
    name: 'manage: all with inactive_users: keep removes the roles of undeclared active users only',
    server: {
      users: [
        user('kim', { User: 'all-open' }),
        user('zoe', { User: ['alpha'] }, false),
        user('ana'),
      ],
    },
    config: {
      settings: { manage: 'all', inactiveUsers: 'keep' },
      users: { ana: { User: 'all-open' } },
    },
    changes: [
      ['ana', 'User', 'assign', null, all()],
      ['kim', 'User', 'remove', all(), null],
    ],
    operations: ['add ana User', 'grant ana User *', 'remove kim User'],
    removals: 1,
  },
  {
    name: 'manage: all removes the roles of undeclared users, inactive ones included (inactive_users: remove)',
    server: {
      users: [
        user('kim', { User: 'all-open' }),
        user('zoe', { User: ['alpha'] }, false),
        user('ana'),
      ],
    },
    config: { settings: { manage: 'all' }, users: { ana: { User: 'all-open' } } },
    changes: [
      ['ana', 'User', 'assign', null, all()],
      ['kim', 'User', 'remove', all(), null],
      ['zoe', 'User', 'remove', only('alpha'), null],
    ],
    operations: ['add ana User', 'grant ana User *', 'remove kim User', 'remove zoe User'],
    removals: 2,
  },
  {
    name: 'a role swap with the same scope uses update_user_security_role',
    server: { users: [user('ana', { Reviewer: ['alpha', 'beta'] })] },
    config: { users: { ana: { Supervisor: ['alpha', 'beta'] } } },
    changes: [
      ['ana', 'Reviewer', 'remove', only('alpha', 'beta'), null],
      ['ana', 'Supervisor', 'assign', null, only('alpha', 'beta')],
    ],
    operations: ['update ana Reviewer→Supervisor'],
    removals: 1,
  },
  {
    name: 'no change when the server matches',
    server: { users: [user('ana', { User: 'all-open', Supervisor: ['alpha'] })] },
    config: { users: { ana: { User: 'all-open', Supervisor: ['alpha'] } } },
    changes: [],
    operations: [],
    removals: 0,
  },
];

describe('planChanges: every kind of change', () => {
  it.each(cases)('$name', (c) => {
    const { plan, diagnostics, refusals } = runPlan(c.server, c.config);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(refusals).toEqual([]);
    expect(plan.changes.map((x) => [x.user, x.role, x.action, x.before, x.after])).toEqual(
      c.changes,
    );
    expect(plan.operations.map(describeOperation)).toEqual(c.operations);
    if (c.removals !== undefined) expect(plan.summary.removals).toBe(c.removals);
    if (c.reasons) expect(plan.changes.map((x) => x.reason)).toEqual(c.reasons);
    // The operations are valid on a strict server, and afterwards nothing is left to do.
    const after = applyOperations(serverState(c.server), plan.operations);
    const again = planChanges({
      desired: desiredState(c.config),
      current: after,
      apiUser: 'svc',
      now: new Date(),
    });
    expect(again.plan.changes).toEqual([]);
    expect(again.plan.operations).toEqual([]);
  });
});

describe('planChanges: the plan value', () => {
  it('fills the contract keys, sorted, with sources and a summary', () => {
    const { plan } = runPlan(
      { users: [user('bo'), user('ana', { 'Project Manager': ['alpha'] })] },
      {
        users: { bo: { User: 'all-open' }, ana: { User: ['alpha'] } },
        groups: { lighting: { members: ['ana'], roles: { User: ['beta'] } } },
      },
    );
    expect(plan.format_version).toBe(1);
    expect(plan.server).toBe('http://127.0.0.1:9');
    expect(plan.api_user).toBe('svc');
    expect(plan.config_digest).toBe(`sha256:${'c0'.repeat(32)}`);
    expect(plan.state_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(plan.managed).toEqual({
      manage: 'declared',
      ignore_users: ['svc*'],
      inactive_users: 'remove',
      owned_roles: ['User'],
      users: ['ana', 'bo'],
    });
    expect(plan.changes.map((c) => `${c.user}/${c.role}`)).toEqual([
      'ana/Project Manager',
      'ana/User',
      'bo/User',
    ]);
    const anaUser = plan.changes[1]!;
    expect(anaUser.sources).toEqual([
      'access/users.yaml:4:7',
      'access/groups.yaml:6:7 (group lighting)',
    ]);
    expect(plan.changes[0]!.sources).toEqual([
      'access/users.yaml:3:7',
      'access/groups.yaml:7:7 (group lighting)',
    ]);
    expect(plan.summary).toEqual({
      users: 2,
      changes: 3,
      assign: 2,
      remove: 1,
      modify: 0,
      removals: 1,
    });
  });

  it('changes the state digest when a managed user changes, not for others', () => {
    const config = { users: { ana: { User: 'all-open' as const } } };
    const base = runPlan({ users: [user('ana'), user('kim')] }, config).plan.state_digest;
    const other = runPlan({ users: [user('ana'), user('kim', { User: ['alpha'] })] }, config);
    const managed = runPlan({ users: [user('ana', { User: ['alpha'] }), user('kim')] }, config);
    expect(other.plan.state_digest).toBe(base);
    expect(managed.plan.state_digest).not.toBe(base);
  });
});
