import { describe, expect, it } from 'vitest';
import { adaptToAddRoleScope } from '../../../src/apply/add-role-scope.js';
import type { Operation } from '../../../src/wire/index.js';

const pair = (user: string, role: string) => ({ user_id: `u-${user}`, role_id: `r-${role}` });
const add = (user: string, role: string): Operation => ({
  action: 'add_user_security_role',
  ...pair(user, role),
});
const grantAll = (user: string, role: string): Operation => ({
  action: 'grant_user_security_role_project',
  ...pair(user, role),
  all_open_projects: true,
});
const revokeAll = (user: string, role: string): Operation => ({
  action: 'revoke_user_security_role_project',
  ...pair(user, role),
  all_open_projects: true,
});
const grant = (user: string, role: string, project: string): Operation => ({
  action: 'grant_user_security_role_project',
  ...pair(user, role),
  project_id: `p-${project}`,
});

describe('adaptToAddRoleScope', () => {
  const ops = [
    add('ana', 'User'),
    grantAll('ana', 'User'),
    grant('ana', 'User', 'secret'),
    add('bo', 'Lead'),
    grant('bo', 'Lead', 'alpha'),
    grantAll('cy', 'User'),
  ];

  it('leaves the operations as they are when added roles start without projects', () => {
    expect(adaptToAddRoleScope(ops, 'none')).toEqual(ops);
  });

  it('drops the all-open grant after an add, and revokes all-open after an add that needs it off', () => {
    expect(adaptToAddRoleScope(ops, 'all-open')).toEqual([
      add('ana', 'User'),
      grant('ana', 'User', 'secret'),
      add('bo', 'Lead'),
      revokeAll('bo', 'Lead'),
      grant('bo', 'Lead', 'alpha'),
      // not an added role: its all-open grant stays
      grantAll('cy', 'User'),
    ]);
  });
});
