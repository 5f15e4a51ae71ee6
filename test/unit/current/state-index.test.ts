import { describe, expect, it } from 'vitest';
import { indexCurrentState } from '../../../src/current/index.js';
import { sampleState } from './fixtures.js';

describe('indexCurrentState', () => {
  it('maps users, projects and roles by id and by name', () => {
    const index = indexCurrentState(sampleState());
    expect(index.usersByName.get('ana')?.id).toBe('u-ana');
    expect(index.usersById.get('u-bo')?.username).toBe('bo');
    expect(index.projectsByName.get('secret')?.isPrivate).toBe(true);
    expect(index.projectsById.get('p-beta')?.name).toBe('beta');
    expect(index.rolesByName.get('User')?.id).toBe('r-user');
    expect(index.rolesById.get('r-admin')?.name).toBe('Administrator');
    expect(index.groupsByName.size).toBe(0);
  });

  it('groups assignments by user, sorted by role id', () => {
    const index = indexCurrentState(sampleState());
    expect(index.assignmentsByUserId.get('u-ana')?.map((a) => a.roleId)).toEqual([
      'r-admin',
      'r-user',
    ]);
    expect(index.assignmentsByUserId.get('u-nobody')).toBeUndefined();
    expect(index.assignmentOf('u-ana', 'r-user')?.projectIds).toEqual(['p-alpha', 'p-secret']);
    expect(index.assignmentOf('u-bo', 'r-admin')).toBeUndefined();
  });

  it('indexes groups when present', () => {
    const state = sampleState();
    state.groups = [{ id: 'g1', name: 'Lighting', parentId: null, memberUserIds: ['u-ana'] }];
    const index = indexCurrentState(state);
    expect(index.groupsByName.get('Lighting')?.memberUserIds).toEqual(['u-ana']);
    expect(index.groupsById.get('g1')?.name).toBe('Lighting');
  });
});
