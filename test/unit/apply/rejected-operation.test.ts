import { describe, expect, it } from 'vitest';
import { findRejectedOperation } from '../../../src/apply/index.js';
import { serverAnswer } from '../../../src/apply/rejected-operation.js';
import {
  PermissionDeniedError,
  ServerError,
  ServerValidationError,
} from '../../../src/diagnostics/index.js';
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

describe('findRejectedOperation: only what the server answer identifies', () => {
  it.each([
    // The exact ids of one operation, and of no other.
    ['No Project with id "p-secret" (project_id).', 3],
    ['UserSecurityRole of u-bo / r-Lead not found', 4],
    ['u-bo: no such assignment', 4], // bo has one operation in the batch
    // An index into the batch, as a JSON path (0-based).
    ['Invalid value at operations[2].project_id', 3],
    ['operations[0]: already exists (user u-ana, role r-User)', 1],
  ])('%s → operation #%i', (text, number) => {
    expect(findRejectedOperation(text, ops, current)?.number).toBe(number);
  });

  it('describes the operation by names', () => {
    expect(findRejectedOperation('No User with id "u-bo".', ops, current)).toEqual({
      number: 4,
      description: 'remove_user_security_role user "bo" role "Lead"',
    });
  });

  it.each([
    // Names are not a reference: the server's wording is not documented.
    'User "bo" does not hold the security role "Lead".',
    'User "ana" "User" is already granted on the project "secret".',
    // Ids that several operations hold, or that no single operation holds together.
    'u-ana: no such user',
    'r-User is not a role',
    'u-bo cannot get p-secret',
    // An index and ids that disagree, an index out of range, or two indexes.
    'operations[3] (user u-ana) refused',
    'operations[9] refused',
    'operations[0] and operations[1] conflict',
    // An id inside a longer word is not that id; an index written another way is not one.
    'No User with id "u-bob".',
    'Operation 2 is invalid.',
    'Permission denied: needs "Administrator".',
  ])('names nothing: %s', (text) => {
    expect(findRejectedOperation(text, ops, current)).toBeUndefined();
  });
});

describe('serverAnswer: the exception name and text, verbatim', () => {
  it.each([
    [
      new ServerValidationError(
        'The server rejected the request (ValidationError): User "bo" (ok): done.',
        'ValidationError',
      ),
      'ValidationError: User "bo" (ok): done.',
    ],
    [
      new PermissionDeniedError(
        'Permission denied (PermissionError, perm_01): needs Administrator',
        'PermissionError',
        'perm_01',
      ),
      'PermissionError: needs Administrator',
    ],
    [
      new ServerError(
        'The server reported an error (DuplicateEntryError, HTTP 200): already there',
        'DuplicateEntryError',
      ),
      'DuplicateEntryError: already there',
    ],
    [
      new ServerError('http://x answered HTTP 500: oops.', undefined, '500'),
      'http://x answered HTTP 500: oops.',
    ],
  ])('%s', (error, expected) => {
    expect(serverAnswer(error)).toBe(expected);
  });
});
