import { beforeAll, describe, expect, it } from 'vitest';
import { EmulatorError, prepareState } from '../../../src/emulator/index.js';
import { parseQuery } from '../../../src/emulator/query/parse.js';
import type { EmulatorState } from '../../../src/emulator/state.js';
import { smallSeed } from './helpers.js';

/** Parse cases: expression → the parts of the syntax tree that matter. */
const PARSE_CASES: [string, Record<string, unknown>][] = [
  ['select id from User', { entityType: 'User', where: null, offset: null, limit: null }],
  [
    'select id, username from User',
    {
      select: [
        { segments: ['id'], position: 7 },
        { segments: ['username'], position: 11 },
      ],
    },
  ],
  [
    'select security_role.name from UserSecurityRole',
    { select: [{ segments: ['security_role', 'name'], position: 7 }] },
  ],
  [
    'select username from User where user_type.name is "service"',
    {
      where: expect.objectContaining({
        path: { segments: ['user_type', 'name'], position: 32 },
        value: 'service',
      }),
    },
  ],
  [
    'select id from User where username is "ana"',
    {
      where: {
        kind: 'compare',
        path: { segments: ['username'], position: 26 },
        op: 'eq',
        value: 'ana',
        valuePosition: 38,
      },
    },
  ],
  [
    'select id from User where username = ana',
    { where: expect.objectContaining({ op: 'eq', value: 'ana' }) },
  ],
  [
    'select id from User where username is_not "a"',
    { where: expect.objectContaining({ op: 'ne' }) },
  ],
  ['select id from User where username != "a"', { where: expect.objectContaining({ op: 'ne' }) }],
  ['select id from User where username > "a"', { where: expect.objectContaining({ op: 'gt' }) }],
  [
    'select id from User where username after "a"',
    { where: expect.objectContaining({ op: 'gt' }) },
  ],
  [
    'select id from User where username greater_than "a"',
    { where: expect.objectContaining({ op: 'gt' }) },
  ],
  ['select id from User where username < "a"', { where: expect.objectContaining({ op: 'lt' }) }],
  [
    'select id from User where username before "a"',
    { where: expect.objectContaining({ op: 'lt' }) },
  ],
  [
    'select id from User where username less_than "a"',
    { where: expect.objectContaining({ op: 'lt' }) },
  ],
  ['select id from User where username >= "a"', { where: expect.objectContaining({ op: 'ge' }) }],
  ['select id from User where username <= "a"', { where: expect.objectContaining({ op: 'le' }) }],
  [
    'select id from User where username like "a%"',
    { where: expect.objectContaining({ op: 'like', value: 'a%' }) },
  ],
  [
    'select id from User where username not_like "a%"',
    { where: expect.objectContaining({ op: 'not_like' }) },
  ],
  ['select id from User where email is none', { where: expect.objectContaining({ value: null }) }],
  ['select id from User where email is None', { where: expect.objectContaining({ value: null }) }],
  [
    'select id from User where is_active is true',
    { where: expect.objectContaining({ value: true }) },
  ],
  [
    'select id from User where is_active is False',
    { where: expect.objectContaining({ value: false }) },
  ],
  [
    "select id from User where username is 'an\\'a'",
    { where: expect.objectContaining({ value: "an'a" }) },
  ],
  [
    'select id from User where username is "say \\"hi\\""',
    { where: expect.objectContaining({ value: 'say "hi"' }) },
  ],
  [
    'select id from User where username is "back\\\\slash"',
    { where: expect.objectContaining({ value: 'back\\slash' }) },
  ],
  [
    'select id from User where username like "100\\%"',
    { where: expect.objectContaining({ value: '100\\%' }) },
  ],
  [
    'select id from User where id is 5d3c4b5e-0000-4000-8000-000000000001',
    { where: expect.objectContaining({ value: '5d3c4b5e-0000-4000-8000-000000000001' }) },
  ],
  [
    'select id from User where id in (a,b ,c)',
    { where: expect.objectContaining({ kind: 'in', negated: false, values: ['a', 'b', 'c'] }) },
  ],
  [
    'select id from User where id not_in ("a")',
    { where: expect.objectContaining({ kind: 'in', negated: true }) },
  ],
  [
    'select id from User where a is 1 or b is 2 and c is 3',
    {
      where: expect.objectContaining({
        kind: 'or',
        right: expect.objectContaining({ kind: 'and' }),
      }),
    },
  ],
  [
    'select id from User where (a is 1 or b is 2) and c is 3',
    {
      where: expect.objectContaining({
        kind: 'and',
        left: expect.objectContaining({ kind: 'or' }),
      }),
    },
  ],
  ['select id from User where not a is 1', { where: expect.objectContaining({ kind: 'not' }) }],
  [
    'select id from User where not memberships any ()',
    {
      where: {
        kind: 'not',
        operand: expect.objectContaining({ kind: 'relation', quantifier: 'any', criteria: null }),
      },
    },
  ],
  [
    'select id from Group where parent has (name is x)',
    { where: expect.objectContaining({ kind: 'relation', quantifier: 'has' }) },
  ],
  [
    'select id from User order by username',
    { orderBy: [{ path: expect.objectContaining({ segments: ['username'] }), descending: false }] },
  ],
  [
    'select id from User order by username desc, id asc',
    {
      orderBy: [
        expect.objectContaining({ descending: true }),
        expect.objectContaining({ descending: false }),
      ],
    },
  ],
  [
    'select id from User order by username descending',
    { orderBy: [expect.objectContaining({ descending: true })] },
  ],
  ['select id from User offset 5 limit 10', { offset: 5, limit: 10 }],
  ['select id from User limit 10 offset 5', { offset: 5, limit: 10 }],
  [
    'select id from User where id in (select user_id from Membership)',
    {
      where: expect.objectContaining({
        values: expect.objectContaining({ entityType: 'Membership' }),
      }),
    },
  ],
  [
    'select id from User where version is -2.5',
    { where: expect.objectContaining({ value: -2.5 }) },
  ],
];

/** Evaluation cases over smallSeed(): expression → usernames / names of the rows, in order. */
const EVAL_CASES: [string, string[]][] = [
  ['select username from User order by username', ['admin', 'ana', 'bo', 'manager', 'old']],
  ['select username from User order by username desc', ['old', 'manager', 'bo', 'ana', 'admin']],
  ['select username from User where username is "ana"', ['ana']],
  ['select username from User where username is ana', ['ana']],
  ["select username from User where username = 'bo'", ['bo']],
  [
    'select username from User where username is_not "ana" order by username',
    ['admin', 'bo', 'manager', 'old'],
  ],
  ['select username from User where username like "a%" order by username', ['admin', 'ana']],
  ['select username from User where username like "_o"', ['bo']],
  ['select username from User where username not_like "%a%" order by username', ['bo', 'old']],
  ['select username from User where username > "bo" order by username', ['manager', 'old']],
  ['select username from User where username <= "ana" order by username', ['admin', 'ana']],
  ['select username from User where is_active is false', ['old']],
  [
    'select username from User where is_active is "true" and username like "a%" order by username',
    ['admin', 'ana'],
  ],
  ['select username from User where email is none and first_name is "Ana"', ['ana']],
  [
    'select username from User where first_name is_not none',
    ['admin', 'manager', 'ana', 'bo', 'old'],
  ],
  [
    'select username from User where username in (bo, ana, nobody) order by username',
    ['ana', 'bo'],
  ],
  [
    'select username from User where username not_in (bo, ana) order by username',
    ['admin', 'manager', 'old'],
  ],
  [
    'select username from User where username is ana or username is bo order by username',
    ['ana', 'bo'],
  ],
  [
    'select username from User where not (username is ana or username is bo) order by username',
    ['admin', 'manager', 'old'],
  ],
  [
    'select username from User where user_security_roles.security_role.name is "User" order by username',
    ['ana', 'bo'],
  ],
  [
    'select username from User where user_security_roles any (security_role.name is Supervisor)',
    ['ana'],
  ],
  [
    'select username from User where user_security_roles any (is_all_open_projects is true and security_role.name is Administrator) order by username',
    ['admin', 'old'],
  ],
  [
    'select username from User where user_security_roles any (user_security_role_projects any (project.name is secret))',
    ['ana'],
  ],
  [
    'select username from User where not memberships any () order by username',
    ['admin', 'manager', 'old'],
  ],
  ['select username from User where memberships any (group.name is "Lighting Leads")', ['ana']],
  [
    'select username from User where memberships.group.name is Lighting order by username',
    ['ana', 'bo'],
  ],
  ['select name from Group where parent has (name is Lighting)', ['Lighting Leads']],
  ['select name from Group where parent_id is none', ['Lighting']],
  ['select name from Project where is_private is true', ['secret']],
  ['select name from Project order by is_private desc, name', ['secret', 'alpha', 'beta']],
  [
    'select name from SecurityRole where type is PROJECT order by name',
    ['Administrator', 'Supervisor', 'User'],
  ],
  [
    'select username from User where id in (select user_id from Membership) order by username',
    ['ana', 'bo'],
  ],
  [
    'select username from User where id not_in (select user_id from Membership where group.name is "Lighting Leads") and memberships any () order by username',
    ['bo'],
  ],
  ['select username from User order by username offset 1 limit 2', ['ana', 'bo']],
  ['select username from User order by username limit 0', []],
  ['select username from User order by username offset 10', []],
  ['select name from UserType order by name', ['demo', 'service', 'user']],
  [
    'select username from User where user_type.name is "user" order by username',
    ['admin', 'ana', 'bo', 'manager', 'old'],
  ],
  ['select username from User where user_type.name in (service, demo)', []],
  ['select name from Task', []],
  ['select name from Project where name is "no such"', []],
];

/** Error cases: expression → position in the message and a fragment of it. */
const ERROR_CASES: [string, number, string][] = [
  ['', 0, 'expected "select"'],
  ['id from User', 0, 'expected "select"'],
  ['SELECT id FROM User', 0, 'expected "select"'],
  ['select from User', 7, 'expected an attribute to select'],
  ['select id frm User', 10, 'expected "," or "from"'],
  ['select id from', 14, 'expected an entity type'],
  ['select id from NoSuchType', 15, 'unknown entity type'],
  ['select nope from User', 7, 'has no attribute "nope"'],
  ['select id from User where username is "ana', 38, 'unterminated string'],
  ['select id from User where username ~ "x"', 35, 'unexpected character'],
  ['select id from User where username "x"', 35, 'expected an operator'],
  ['select id from User where username is', 37, 'expected a value'],
  ['select id from User where username is and', 38, 'expected a value'],
  ['select id from User where (username is x', 40, 'expected ")"'],
  ['select id from User where username in ()', 39, 'expected a value'],
  ['select id from User where username in (a b)', 41, 'expected "," or ")"'],
  ['select id from User where nope is 1', 26, 'has no attribute "nope"'],
  ['select id from User where username.name is 1', 26, 'is not a relationship'],
  ['select id from User where user_security_roles is 1', 26, 'is a relationship'],
  ['select id from User where memberships has ()', 26, 'use "any"'],
  ['select id from Group where parent any ()', 27, 'use "has"'],
  ['select id from User where is_active is maybe', 39, 'expected true or false'],
  ['select id from User where is_active > true', 38, 'booleans can only be compared'],
  ['select id from User where username like 5', 40, 'like needs a string'],
  ['select id from User where username > none', 37, 'none can only be compared'],
  ['select id from User order username', 26, 'expected "by" after "order"'],
  ['select id from User order by memberships.id', 29, 'cannot order by the collection'],
  ['select id from User limit -1', 26, 'non-negative integer'],
  ['select id from User limit 1 limit 2', 28, '"limit" given twice'],
  ['select id from User where id is 1 extra', 34, 'unexpected "extra"'],
  ['select id from User group by id', 20, '"group by" is not supported'],
];

describe('query language', () => {
  let state: EmulatorState;
  beforeAll(() => {
    state = prepareState({ seed: smallSeed() });
  });

  const run = (expression: string) => state.queries.run(expression, { strict: true });
  const label = (row: Record<string, unknown>) => String(row['username'] ?? row['name']);

  describe('parse', () => {
    it.each(PARSE_CASES)('%s', (expression, expected) => {
      expect(parseQuery(expression)).toMatchObject(expected);
    });
  });

  describe('evaluate', () => {
    it.each(EVAL_CASES)('%s', (expression, expected) => {
      const result = run(expression);
      const names = result.data.map(label);
      if (/order by/.test(expression)) expect(names).toEqual(expected);
      else expect([...names].sort()).toEqual([...expected].sort());
    });
  });

  describe('errors', () => {
    it.each(ERROR_CASES)('%s', (expression, position, fragment) => {
      let caught: unknown;
      try {
        run(expression);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(EmulatorError);
      const error = caught as EmulatorError;
      expect(error.exception).toBe('ValidationError');
      expect(error.content).toContain(`at position ${position}`);
      expect(error.content).toContain(fragment);
    });
  });

  it('counts at least 60 cases', () => {
    expect(PARSE_CASES.length + EVAL_CASES.length + ERROR_CASES.length).toBeGreaterThanOrEqual(60);
  });

  it('answers __entity_type__, the primary key and nested projections', () => {
    const result = run(
      'select username, user_security_roles.security_role.name from User where username is bo',
    );
    expect(result.data).toEqual([
      {
        __entity_type__: 'User',
        id: expect.any(String),
        username: 'bo',
        user_security_roles: [
          {
            __entity_type__: 'UserSecurityRole',
            id: expect.any(String),
            security_role: {
              __entity_type__: 'SecurityRole',
              id: expect.any(String),
              name: 'User',
            },
          },
        ],
      },
    ]);
  });

  it('adds system projections outside strict mode', () => {
    const result = state.queries.run('select name from Project where name is alpha', {
      strict: false,
    });
    expect(result.data[0]).toEqual({
      __entity_type__: 'Project',
      id: expect.any(String),
      context_type: 'show',
      name: 'alpha',
    });
  });

  it('answers user_type.name as a nested UserType', () => {
    const result = run(
      'select id, username, is_active, user_type.name from User where username is bo',
    );
    expect(result.data).toEqual([
      {
        __entity_type__: 'User',
        id: expect.any(String),
        username: 'bo',
        is_active: true,
        user_type: {
          __entity_type__: 'UserType',
          id: 'ac9fa5aa-4361-11e0-b7cc-0019bb4983d8',
          name: 'user',
        },
      },
    ]);
  });

  it('reads the deprecated is_all_projects from the same column', () => {
    const result = run(
      'select is_all_projects, is_all_open_projects from UserSecurityRole where user.username is bo',
    );
    expect(result.data[0]).toMatchObject({ is_all_projects: true, is_all_open_projects: true });
  });

  it('sets metadata.next.offset while rows remain and null on the last page', () => {
    const pages = [0, 2, 4].map((o) => run(`select id from User order by id offset ${o} limit 2`));
    expect(pages.map((p) => p.metadata.next.offset)).toEqual([2, 4, null]);
    expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
    expect(run('select id from User limit 5').metadata.next.offset).toBeNull();
    expect(run('select id from User').metadata.next.offset).toBeNull();
    const ids = pages.flatMap((p) => p.data.map((r) => r['id']));
    expect(new Set(ids).size).toBe(5);
  });
});
