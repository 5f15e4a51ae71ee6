import { describe, expect, it } from 'vitest';
import {
  checkCollation,
  checkPermission,
  checkSchema,
  usedAttributes,
} from '../../../src/report/index.js';

const schemas = [
  { id: 'User', properties: { id: {}, username: {} }, $mixin: { $ref: 'BaseUser' } },
  { id: 'BaseUser', properties: { is_active: {} } },
  {
    id: 'UserSecurityRole',
    properties: {
      id: {},
      user: { $ref: 'User' },
      security_role: { $ref: 'SecurityRole' },
      is_all_open_projects: {},
    },
  },
  { id: 'SecurityRole', properties: { id: {}, name: {} } },
];

describe('the attributes a query uses', () => {
  it('reads select lists, where paths and order keys, not quoted values', () => {
    const used = usedAttributes([
      'select id, username from User where username is "is_active is x" and domain in ("a") order by id desc offset 0 limit 5',
      'select id, security_role.name from UserSecurityRole where user.username is "ana"',
      'not a query',
    ]);
    expect([...used.keys()]).toEqual(['User', 'UserSecurityRole']);
    expect([...used.get('User')!].sort()).toEqual(['domain', 'id', 'username']);
    expect([...used.get('UserSecurityRole')!].sort()).toEqual([
      'id',
      'security_role.name',
      'user.username',
    ]);
  });
});

describe('the schema check', () => {
  it('finds attributes through relations and mixins', () => {
    const used = usedAttributes([
      'select id, is_active from User',
      'select id, is_all_open_projects, security_role.name from UserSecurityRole where user.username is "x"',
    ]);
    const check = checkSchema(schemas, used);
    expect(check.status).toBe('ok');
    expect(check.summary).toBe(
      'All 2 entity types and 6 attributes ftrack-roles reads exist (4 types on the server).',
    );
  });

  it('names each missing type and attribute', () => {
    const used = usedAttributes([
      'select id, is_all_projects, security_role.type from UserSecurityRole',
      'select id from UserSecurityRoleProject',
      'select id from User where name.first is "x"',
    ]);
    const check = checkSchema(schemas, used);
    expect(check.status).toBe('error');
    expect(check.details?.['missing']).toEqual([
      'User.name',
      'UserSecurityRole.is_all_projects',
      'SecurityRole.type',
      'UserSecurityRoleProject',
    ]);
  });
});

const admin = { is_all_open_projects: true, security_role: { name: 'Administrator' } };
const user = [{ id: 'u1', is_active: true }];

describe('the permission check', () => {
  it('is ok with Administrator on all open projects', () => {
    expect(
      checkPermission('svc', 'personal', { ok: true, users: user, assignments: [admin] }).status,
    ).toBe('ok');
  });

  it.each([
    [[], 'no role'],
    [
      [{ is_all_open_projects: false, security_role: { name: 'Administrator' } }],
      'Administrator (named projects only)',
    ],
    [
      [{ is_all_open_projects: true, security_role: { name: 'administrator' } }],
      'administrator (all open projects)',
    ],
  ])('is an error without it: %j', (assignments, held) => {
    const check = checkPermission('svc', 'personal', { ok: true, users: user, assignments });
    expect(check.status).toBe('error');
    expect(check.summary).toContain(`svc holds ${held}`);
    expect(check.hint).toContain('Administrator on all open projects');
  });

  it('warns for a global key, whose roles cannot be read', () => {
    const check = checkPermission('svc', 'global', { ok: true, users: user, assignments: [admin] });
    expect(check.status).toBe('warning');
  });

  it('is an error when the roles cannot be read', () => {
    const check = checkPermission('svc', 'personal', {
      ok: false,
      error: new Error('PermissionError'),
    });
    expect(check).toMatchObject({
      status: 'error',
      summary: 'Cannot read the roles of svc: PermissionError',
    });
  });
});

describe('the collation check', () => {
  it('tells case-insensitive from case-sensitive, or says it cannot tell', () => {
    expect(checkCollation('ana', 'ANA', { ok: true, rows: [{}] }).details).toEqual({
      case_insensitive: true,
    });
    expect(checkCollation('ana', 'ANA', { ok: true, rows: [] }).details).toEqual({
      case_insensitive: false,
    });
    expect(checkCollation('1234', undefined, { ok: true, rows: [] }).summary).toContain(
      'Cannot tell',
    );
  });
});
