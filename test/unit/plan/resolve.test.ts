import { describe, expect, it } from 'vitest';
import { PLAN_CODES, resolveDesiredState } from '../../../src/plan/index.js';
import { desiredState, serverState, type ConfigSpec, type ServerSpec } from './builders.js';

function resolve(config: ConfigSpec, server: ServerSpec = {}) {
  return resolveDesiredState(desiredState(config), serverState(server));
}

const someUsers: ServerSpec = {
  users: [{ username: 'ana' }, { username: 'bo' }, { username: 'zoe', active: false }],
};

interface Case {
  name: string;
  config: ConfigSpec;
  expected: { severity: string; code: string; at: string; summary: RegExp; hint?: RegExp }[];
}

const cases: Case[] = [
  {
    name: 'unknown user, with did you mean',
    config: { users: { anna: { User: 'all-open' } } },
    expected: [
      {
        severity: 'error',
        code: PLAN_CODES.unknownUser,
        at: 'access/users.yaml:1',
        summary: /"anna".* \(did you mean "ana"\?\)$/,
        hint: /^Create the user in ftrack first\.$/,
      },
    ],
  },
  {
    name: 'unknown user far from any name',
    config: { users: { 'totally-new': {} } },
    expected: [
      {
        severity: 'error',
        code: PLAN_CODES.unknownUser,
        at: 'access/users.yaml:1',
        summary: /totally-new/,
        hint: /Create the user/,
      },
    ],
  },
  {
    name: 'unknown role, with did you mean',
    config: { users: { ana: { Supervizor: ['alpha'] } } },
    expected: [
      {
        severity: 'error',
        code: PLAN_CODES.unknownRole,
        at: 'access/users.yaml:2',
        summary: /"Supervizor".* \(did you mean "Supervisor"\?\)$/,
        hint: /^Create the role in ftrack first\.$/,
      },
    ],
  },
  {
    name: 'unknown project, with did you mean',
    config: { users: { ana: { User: ['alpah'] } } },
    expected: [
      {
        severity: 'error',
        code: PLAN_CODES.unknownProject,
        at: 'access/users.yaml:2',
        summary: /"alpah".* \(did you mean "alpha"\?\)$/,
        hint: /^Use the project name/,
      },
    ],
  },
  {
    name: 'a glob that matches nothing is a warning',
    config: { users: { ana: { User: ['film_*'] } } },
    expected: [
      {
        severity: 'warning',
        code: PLAN_CODES.globMatchesNothing,
        at: 'access/users.yaml:2',
        summary: /"film_\*"/,
      },
    ],
  },
  {
    name: 'an API role cannot be given to a user',
    config: { users: { ana: { API: 'all-open' } } },
    expected: [
      {
        severity: 'error',
        code: PLAN_CODES.apiRoleGiven,
        at: 'access/users.yaml:2',
        summary: /API role/,
      },
    ],
  },
  {
    name: 'an ASSIGNED role cannot be granted on a private project',
    config: { users: { ana: { 'Restricted User': ['alpha', 'secret'] } } },
    expected: [
      {
        severity: 'error',
        code: PLAN_CODES.assignedRoleOnPrivateProject,
        at: 'access/users.yaml:2',
        summary: /private project "secret"/,
      },
    ],
  },
  {
    // Issue 23, item 4: a glob reaches open projects only, so it never grants a private
    // one (an ASSIGNED role included); it says which it left out.
    name: 'a glob leaves private projects out, and says so',
    config: { users: { ana: { 'Restricted User': ['alpha', 'sec*'] } } },
    expected: [
      {
        severity: 'info',
        code: PLAN_CODES.globLeavesOutPrivate,
        at: 'access/users.yaml:2',
        summary: /"sec\*" leaves out the private project secret/,
      },
    ],
  },
  {
    name: 'an inactive declared user is a warning',
    config: { users: { zoe: { User: ['alpha'] } } },
    expected: [
      {
        severity: 'warning',
        code: PLAN_CODES.inactiveUser,
        at: 'access/users.yaml:1',
        summary: /"zoe" is inactive/,
      },
    ],
  },
  {
    name: 'an unknown ftrack group',
    config: { groups: { light: { ftrackGroup: 'Lightning', roles: { User: 'all-open' } } } },
    expected: [
      {
        severity: 'error',
        code: PLAN_CODES.unknownFtrackGroup,
        at: 'access/groups.yaml:1',
        summary: /"Lightning".* \(did you mean "Lighting"\?\)$/,
        hint: /^Check the group name in ftrack/,
      },
    ],
  },
  {
    name: 'a retired role still granted',
    config: {
      catalogue: { 'Legacy Editor': { retired: true } },
      users: { ana: { 'Legacy Editor': 'all-open' } },
    },
    expected: [
      {
        severity: 'error',
        code: PLAN_CODES.retiredRoleGranted,
        at: 'access/users.yaml:2',
        summary: /retired/,
      },
    ],
  },
  {
    name: 'a group grant with an unknown role is reported once, not per member',
    config: { groups: { g: { members: ['ana', 'bo'], roles: { Nope: 'all-open' } } } },
    expected: [
      {
        severity: 'error',
        code: PLAN_CODES.unknownRole,
        at: 'access/groups.yaml:2',
        summary: /"Nope"/,
      },
    ],
  },
];

describe('resolveDesiredState: plan-time diagnostics', () => {
  it.each(cases)('$name', (c) => {
    const server = { ...someUsers, groups: [{ name: 'Lighting', members: ['ana'] }] };
    const { diagnostics } = resolve(c.config, server);
    expect(diagnostics).toHaveLength(c.expected.length);
    c.expected.forEach((e, i) => {
      const d = diagnostics[i]!;
      expect(d.severity).toBe(e.severity);
      expect(d.code).toBe(e.code);
      expect(`${d.source?.file}:${d.source?.line}`).toBe(e.at);
      expect(d.summary).toMatch(e.summary);
      if (e.hint) expect(d.hint).toMatch(e.hint);
    });
  });

  it('lists every glob with what it matched, once per source', () => {
    const resolved = resolve(
      {
        users: { ana: { User: ['show_*'] } },
        groups: { g: { members: ['ana', 'bo'], roles: { Lead: ['show_*', 'x*'] } } },
      },
      someUsers,
    );
    expect(resolved.globs).toEqual([
      { pattern: 'show_*', source: 'access/groups.yaml:4:7', matched: ['show_a', 'show_b'] },
      { pattern: 'x*', source: 'access/groups.yaml:4:7', matched: [] },
      { pattern: 'show_*', source: 'access/users.yaml:2:7', matched: ['show_a', 'show_b'] },
    ]);
  });

  it('drops unknown users, roles and projects from the resolved state', () => {
    const resolved = resolve(
      {
        users: { ana: { User: ['alpha', 'nope'], Nope: 'all-open' }, ghost: { User: 'all-open' } },
      },
      someUsers,
    );
    expect([...resolved.users.keys()]).toEqual(['ana']);
    expect([...resolved.users.get('ana')!.roles.values()].map((g) => [g.role, g.scope])).toEqual([
      ['User', { all_open: false, projects: ['alpha'] }],
    ]);
  });
});
