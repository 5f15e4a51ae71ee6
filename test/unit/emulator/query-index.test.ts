import { describe, expect, it } from 'vitest';
import { prepareState } from '../../../src/emulator/index.js';
import { compileQuery } from '../../../src/emulator/query/compile.js';
import { Evaluator } from '../../../src/emulator/query/evaluate.js';
import { parseQuery } from '../../../src/emulator/query/parse.js';
import { smallSeed } from './helpers.js';

const state = prepareState({ seed: smallSeed() });
const idOf = (type: string, attribute: string, value: string) =>
  state.store.find(type, attribute, value)[0]!.id;

/** Index-assisted filtering must give exactly what a full scan gives. */
const CASES: [string, string][] = [
  ['User', `id is "${idOf('User', 'username', 'ana')}"`],
  ['User', `id in ("${idOf('User', 'username', 'ana')}", nope)`],
  ['User', 'username is ana or username is bo'],
  ['User', 'username is ana and is_active is true'],
  ['User', 'username in (ana, bo) and not username is bo'],
  ['User', 'user_security_roles.security_role.name is User'],
  ['User', 'memberships.group.name in (Lighting, "Lighting Leads")'],
  ['UserSecurityRole', 'user.username is ana'],
  ['UserSecurityRole', 'user.username is ana and security_role.name is Supervisor'],
  ['UserSecurityRoleProject', 'user_security_role.user.username is ana'],
  ['UserSecurityRoleProject', 'project.name is secret or project.name is alpha'],
  [
    'UserSecurityRoleProject',
    `user_security_role_id in ("${idOf('UserSecurityRole', 'user_id', idOf('User', 'username', 'ana'))}")`,
  ],
  ['Membership', 'user.username is bo'],
  ['Group', 'parent.name is Lighting'],
];

/** Terms no index can answer: the planner must give up (scan) rather than guess. */
const SCANS: [string, string][] = [
  ['Project', 'name is alpha or is_private is true'],
  ['SecurityRole', 'name is none'],
  ['User', 'not username is ana'],
  ['User', 'username like "a%"'],
];

describe('index planner', () => {
  const compare = (type: string, where: string, indexed: boolean) => {
    const query = compileQuery(parseQuery(`select id from ${type} where ${where}`), where);
    const evaluator = new Evaluator(state.store);
    const viaIndex = evaluator
      .filter(type, query.where)
      .map((r) => r.id)
      .sort();
    const rows = [...state.store.table(type)!.rows.values()];
    const viaScan = rows
      .filter((r) => evaluator.test(type, r, query.where!))
      .map((r) => r.id)
      .sort();
    expect(viaIndex).toEqual(viaScan);
    expect(evaluator.candidates(type, query.where!) !== undefined).toBe(indexed);
  };
  it.each(CASES)('%s where %s uses an index', (type, where) => compare(type, where, true));
  it.each(SCANS)('%s where %s scans', (type, where) => compare(type, where, false));
});
