import { describe, expect, it } from 'vitest';
import {
  addRows,
  diffAccess,
  type Access,
  type Files,
  type Scope,
} from '../../../bench/baselines/one-query-script.js';

const scope = (allOpen: boolean, ...projects: string[]): Scope => ({
  allOpen,
  projects: new Set(projects),
});

const access = (entries: Record<string, Record<string, Scope>>): Access =>
  new Map(Object.entries(entries).map(([user, roles]) => [user, new Map(Object.entries(roles))]));

describe('the one-query script of the benchmark', () => {
  it('reads a normalised answer: later references give the first full copy', () => {
    const server: Access = new Map();
    const user = { __entity_type__: 'User', id: 'u1' };
    const role = { __entity_type__: 'SecurityRole', id: 'r1' };
    const alpha = { __entity_type__: 'Project', id: 'p1' };
    addRows(server, [
      {
        __entity_type__: 'UserSecurityRole',
        id: 'a',
        is_all_open_projects: false,
        user: { ...user, username: 'ana' },
        security_role: { ...role, name: 'Lead' },
        user_security_role_projects: [
          {
            __entity_type__: 'UserSecurityRoleProject',
            id: 'g1',
            project: { ...alpha, name: 'alpha' },
          },
        ],
      },
      {
        __entity_type__: 'UserSecurityRole',
        id: 'b',
        is_all_open_projects: true,
        user,
        security_role: { __entity_type__: 'SecurityRole', id: 'r2', name: 'Artist' },
        user_security_role_projects: [
          { __entity_type__: 'UserSecurityRoleProject', id: 'g2', project: alpha },
        ],
      },
    ]);
    expect(server).toEqual(
      access({ ana: { Lead: scope(false, 'alpha'), Artist: scope(true, 'alpha') } }),
    );
  });

  it('finds one change per (user, role) that differs, as plan counts them', () => {
    const files: Files = {
      access: access({
        ana: { Lead: scope(false, 'alpha'), Artist: scope(true) },
        bob: { Lead: scope(false, 'alpha', 'beta') },
        svc: {},
      }),
      owned: new Set(['Lead', 'Artist', 'Admin']),
      ignore: [/^svc-.*$/],
    };
    const server = access({
      ana: { Lead: scope(false, 'alpha'), Admin: scope(true) },
      bob: { Lead: scope(false, 'beta', 'alpha') },
      cid: { Artist: scope(true), Other: scope(true) },
      'svc-bot': { Admin: scope(true) },
    });
    expect(diffAccess(files, server)).toEqual([
      { sign: '-', user: 'ana', role: 'Admin' },
      { sign: '+', user: 'ana', role: 'Artist' },
      { sign: '-', user: 'cid', role: 'Artist' },
    ]);
  });

  it('sees a change of scope as one modification', () => {
    const files: Files = {
      access: access({ ana: { Lead: scope(true) } }),
      owned: new Set(['Lead']),
      ignore: [],
    };
    expect(diffAccess(files, access({ ana: { Lead: scope(false, 'alpha') } }))).toEqual([
      { sign: '~', user: 'ana', role: 'Lead' },
    ]);
  });
});
