import { describe, expect, it } from 'vitest';
import { findRejectedOperation } from '../../../src/apply/index.js';
import type { SecurityRoleOperation } from '../../../src/wire/index.js';
import { serverState } from '../plan/builders.js';

const current = serverState({ users: [{ username: 'ana' }, { username: 'bo' }] });
const ops: SecurityRoleOperation[] = [
  { action: 'add_user_security_role', user_id: 'u-ana', role_id: 'r-User' },
  {
    action: 'grant_user_security_role_project',
    user_id: 'u-ana',
    role_id: 'r-User',
    all_open_projects: true,
  },
  {
    action: 'grant_user_security_role_project',
    user_id: 'u-ana',
    role_id: 'r-User',
    project_id: 'p-secret',
  },
  { action: 'remove_user_security_role', user_id: 'u-bo', role_id: 'r-Lead' },
];

describe('findRejectedOperation', () => {
  it.each([
    ['User "bo" does not hold the security role "Lead".', 4],
    ['User "ana" already holds the security role "User".', 1],
    ['User "ana" "User" is already granted on all open projects.', 2],
    ['User "ana" "User" is already granted on the project secret.', 3],
    ['User "ana" "User" is not granted on the project "secret".', 3],
  ])('%s → operation #%i', (message, number) => {
    expect(findRejectedOperation(message, ops, current)?.number).toBe(number);
  });

  it('describes the operation by names', () => {
    expect(
      findRejectedOperation('User "bo" does not hold the security role "Lead".', ops, current),
    ).toEqual({
      number: 4,
      description: 'remove_user_security_role user "bo" role "Lead"',
    });
  });

  it('names nothing when the message does not point at one operation', () => {
    expect(
      findRejectedOperation('Permission denied: needs "Administrator".', ops, current),
    ).toBeUndefined();
    expect(
      findRejectedOperation('User "carl" does not hold the security role "Lead".', ops, current),
    ).toBeUndefined();
  });
});
