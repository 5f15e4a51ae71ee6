import { describe, expect, it } from 'vitest';
import type { ConfigSpec, ServerSpec } from './builders.js';
import { describeOperation, runPlan } from './helpers.js';

// The ownership model (docs/format.md, "Ownership"): the roles the files mention are the
// roles the files own. The builders' server has `svc` (the API user, Administrator on all
// open projects); the builders' config ignores `svc*` unless a case says otherwise.

type Row = [user: string, role: string, action: string, reason: string];

function changes(server: ServerSpec, config: ConfigSpec): Row[] {
  const { plan, diagnostics } = runPlan(server, config);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return plan.changes.map((c) => [c.user, c.role, c.action, c.reason]);
}

const owned = (config: ConfigSpec): ConfigSpec => ({
  ...config,
  settings: { manage: 'owned', ...config.settings },
});

const LIGHTING: ConfigSpec['groups'] = {
  lighting: { members: ['ana'], roles: { Lead: ['secret'], User: 'all-open' } },
};

describe('manage: owned (the default)', () => {
  it('a leaver removed from a group loses the owned roles, private-project grant included', () => {
    const server: ServerSpec = {
      users: [
        { username: 'ana', roles: { Lead: ['secret'], User: 'all-open' } },
        { username: 'bo', roles: { Lead: ['secret'], User: 'all-open' } },
      ],
    };
    expect(changes(server, owned({ groups: LIGHTING }))).toEqual([
      ['bo', 'Lead', 'remove', 'not-declared'],
      ['bo', 'User', 'remove', 'not-declared'],
    ]);
  });

  it('a user entry deleted from the files: its owned roles go, unmentioned roles stay', () => {
    const server: ServerSpec = {
      users: [
        { username: 'ana' },
        { username: 'bo', roles: { Lead: ['secret'], Reviewer: ['alpha'] } },
      ],
    };
    // Lead is still mentioned (ana's entry); Reviewer is not: it is left alone.
    const { plan } = runPlan(server, owned({ users: { ana: { Lead: ['alpha'] } } }));
    expect(plan.changes.map((c) => [c.user, c.role, c.action, c.reason])).toEqual([
      ['ana', 'Lead', 'assign', 'desired'],
      ['bo', 'Lead', 'remove', 'not-declared'],
    ]);
    // The change points at where the files mention the role.
    expect(plan.changes[1]!.sources).toEqual(['access/users.yaml:2:7']);
    expect(plan.managed.users).toEqual(['ana', 'bo']);
    expect(plan.managed.owned_roles).toEqual(['Lead']);
  });

  it('a leaver of an ftrack group a config group reads loses the owned roles', () => {
    const server: ServerSpec = {
      users: [
        { username: 'ana', roles: { Lead: ['secret'] } },
        { username: 'bo', roles: { Lead: ['secret'] } },
      ],
      groups: [{ name: 'Lighting', members: ['ana'] }],
    };
    const config = owned({
      groups: { lighting: { ftrackGroup: 'Lighting', roles: { Lead: ['secret'] } } },
    });
    expect(changes(server, config)).toEqual([['bo', 'Lead', 'remove', 'not-declared']]);
  });

  it('never changes the API user, service accounts or ignored users unless declared', () => {
    const server: ServerSpec = {
      users: [
        { username: 'ana' },
        { username: 'render', type: 'service', roles: { Lead: ['alpha'] } },
        { username: 'root', roles: { Lead: ['alpha'] } },
        { username: 'ops', roles: { Lead: ['alpha'] } },
      ],
    };
    const config = owned({
      settings: { ignoreUsers: ['root'] },
      users: { ana: { Lead: ['beta'] }, render: { Lead: ['alpha', 'beta'] } },
    });
    // svc (the API user) holds Administrator, which the files now mention too.
    const withAdmin: ConfigSpec = { ...config, catalogue: { Administrator: {}, Lead: {} } };
    expect(changes(server, withAdmin)).toEqual([
      ['ana', 'Lead', 'assign', 'desired'],
      ['ops', 'Lead', 'remove', 'not-declared'],
      // declared, the service account is managed like anyone
      ['render', 'Lead', 'modify', 'desired'],
    ]);
  });

  it('an additive role is added and never reduced, on anyone', () => {
    const server: ServerSpec = {
      users: [
        { username: 'ana', roles: { Reviewer: ['beta'] } },
        { username: 'bo', roles: { Reviewer: ['alpha'] } },
      ],
    };
    const config = owned({
      catalogue: { Reviewer: { ownership: 'additive' } },
      users: { ana: { Reviewer: ['alpha'] } },
    });
    const { plan } = runPlan(server, config);
    expect(plan.changes.map((c) => [c.user, c.role, c.action, c.after])).toEqual([
      ['ana', 'Reviewer', 'modify', { all_open: false, projects: ['alpha', 'beta'] }],
    ]);
    expect(plan.managed.owned_roles).toEqual([]);
  });

  it('an additive role held on all open projects gains only the private projects desired', () => {
    // A strict server refuses an open project's grant while the role is on all open ones.
    const server: ServerSpec = { users: [{ username: 'ana', roles: { Reviewer: 'all-open' } }] };
    const config = owned({
      catalogue: { Reviewer: { ownership: 'additive' } },
      users: { ana: { Reviewer: ['alpha', 'secret'] } },
    });
    const { plan } = runPlan(server, config);
    expect(plan.changes.map((c) => [c.user, c.role, c.action, c.after])).toEqual([
      ['ana', 'Reviewer', 'modify', { all_open: true, projects: ['secret'] }],
    ]);
    expect(plan.operations.map(describeOperation)).toEqual(['grant ana Reviewer secret']);
  });

  it('a baseline (members: all-active) adds its additive roles to every active user', () => {
    const server: ServerSpec = {
      users: [{ username: 'ana', roles: { Reviewer: ['beta'] } }, { username: 'bo' }],
    };
    const config = owned({
      catalogue: { Reviewer: { ownership: 'additive' } },
      groups: { everyone: { members: 'all-active', roles: { Reviewer: ['alpha'] } } },
    });
    const { plan } = runPlan(server, config);
    expect(plan.changes.map((c) => [c.user, c.role, c.action, c.after])).toEqual([
      ['ana', 'Reviewer', 'modify', { all_open: false, projects: ['alpha', 'beta'] }],
      ['bo', 'Reviewer', 'assign', { all_open: false, projects: ['alpha'] }],
    ]);
  });

  it('does not own the roles of a group whose ftrack group cannot be read', () => {
    const server: ServerSpec = { users: [{ username: 'bo', roles: { Lead: ['secret'] } }] };
    const config = owned({
      groups: { lighting: { ftrackGroup: 'Missing', roles: { Lead: ['secret'] } } },
    });
    const { plan, diagnostics } = runPlan(server, config);
    expect(diagnostics.map((d) => d.code)).toContain('FR408');
    expect(plan.changes).toEqual([]);
    expect(plan.managed.owned_roles).toEqual([]);
  });
});

describe('inactive users', () => {
  const server: ServerSpec = {
    users: [
      { username: 'ana', active: false, roles: { Lead: ['alpha'], Reviewer: ['beta'] } },
      { username: 'zoe', active: false, roles: { Lead: ['beta'], Reviewer: ['beta'] } },
    ],
  };
  const config = { users: { ana: { Lead: ['alpha'], Reviewer: ['beta'] } } };

  it('remove (the default): declared or not, they lose what the files manage', () => {
    expect(changes(server, owned(config))).toEqual([
      ['ana', 'Lead', 'remove', 'inactive'],
      ['ana', 'Reviewer', 'remove', 'inactive'],
      ['zoe', 'Lead', 'remove', 'inactive'],
      ['zoe', 'Reviewer', 'remove', 'inactive'],
    ]);
  });

  it('keep: they are never changed', () => {
    const keep = owned({ ...config, settings: { inactiveUsers: 'keep' } });
    const { plan } = runPlan(server, keep);
    expect(plan.changes).toEqual([]);
    expect(plan.managed.users).toEqual([]);
  });
});

describe('manage: declared', () => {
  it('changes only declared users and warns, with a count, about undeclared holders', () => {
    const server: ServerSpec = {
      users: [
        { username: 'ana' },
        { username: 'bo', roles: { Lead: ['secret'] } },
        { username: 'cy', roles: { User: ['alpha'] } },
        { username: 'dee', roles: { Reviewer: ['alpha'] } },
      ],
    };
    const { plan, diagnostics } = runPlan(server, {
      settings: { manage: 'declared' },
      groups: LIGHTING,
    });
    expect(plan.changes.map((c) => c.user)).toEqual(['ana', 'ana']);
    const warning = diagnostics.find((d) => d.code === 'FR414');
    expect(warning?.severity).toBe('warning');
    expect(warning?.summary).toBe(
      '2 users hold roles the files grant but are not declared, and manage: declared leaves them alone: bo, cy',
    );
  });
});

describe('members: all-active (a baseline for joiners)', () => {
  // Nobody ignored: the API user svc would otherwise be left out as an ignored user.
  const config = owned({
    settings: { ignoreUsers: [] },
    groups: {
      everyone: { members: 'all-active', roles: { User: 'all-open' } },
      leads: { members: ['ana'], roles: { Lead: ['alpha'] } },
    },
  });

  it('a joiner with the baseline is in sync; one with more of an owned role shows', () => {
    const server: ServerSpec = {
      users: [
        { username: 'ana', roles: { User: 'all-open', Lead: ['alpha'] } },
        { username: 'new1', roles: { User: 'all-open' } },
        { username: 'new2', roles: { User: 'all-open', Lead: ['beta'] } },
        { username: 'new3', roles: { User: ['secret'], Supervisor: ['beta'] } },
        { username: 'away', active: false },
        { username: 'render', type: 'service', roles: { Lead: ['alpha'] } },
      ],
    };
    const { plan } = runPlan(server, config);
    expect(plan.changes.map((c) => [c.user, c.role, c.action, c.reason, c.sources])).toEqual([
      // the API user (svc) and the service account are not baseline members: no User for them
      ['new2', 'Lead', 'remove', 'not-declared', ['access/groups.yaml:4:7 (group leads)']],
      // a baseline member holding more of an owned role than the baseline: reduced to it;
      // Supervisor, which the files never mention, is left alone
      ['new3', 'User', 'modify', 'desired', ['access/groups.yaml:2:7 (group everyone)']],
    ]);
    expect(plan.managed.users).toEqual(['ana', 'new1', 'new2', 'new3']);
    expect(plan.changes.some((c) => c.user === 'svc' || c.user === 'render')).toBe(false);
  });
});
