import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkOperations, effectGroup, type UserEffect } from '../../../src/apply/chunks.js';
import type { SecurityRoleOperation } from '../../../src/wire/index.js';

/** An operation of `user`, tagged (in project_id) with its position in the plan. */
const op = (user: string, i: number): SecurityRoleOperation => ({
  action: 'grant_user_security_role_project',
  user_id: user,
  role_id: 'r',
  project_id: `#${i}`,
});
const opsOf = (users: string[]) => users.map((u, i) => op(u, i));
const effect = (name: string, rest: Partial<UserEffect> = {}): UserEffect => ({
  name,
  gains: [],
  losses: [],
  removesAccess: false,
  ...rest,
});
const shape = (chunks: ReturnType<typeof chunkOperations>) =>
  chunks.map((c) => c.operations.map((o) => `${o.user_id}${o.project_id}`).join(' '));

describe('chunkOperations', () => {
  it('without a limit, or when everything fits: one chunk, the operations as given', () => {
    const ops = opsOf(['b', 'a', 'b']);
    expect(chunkOperations(ops, new Map())).toEqual([{ userIds: ['b', 'a'], operations: ops }]);
    expect(chunkOperations(ops, new Map(), 3)).toHaveLength(1);
    expect(chunkOperations([], new Map(), 3)).toEqual([]);
  });

  it('packs whole users up to the limit, keeping the plan order inside each chunk', () => {
    const ops = opsOf(['a', 'b', 'c', 'a', 'b', 'c', 'd']);
    expect(shape(chunkOperations(ops, new Map(), 4))).toEqual(['a#0 b#1 a#3 b#4', 'c#2 c#5 d#6']);
  });

  it('a user with more operations than the limit gets one larger chunk of their own', () => {
    const ops = opsOf(['a', 'b', 'b', 'b', 'c']);
    expect(shape(chunkOperations(ops, new Map(), 2))).toEqual(['a#0', 'b#1 b#2 b#3', 'c#4']);
  });

  it('gainers of protected roles first, traders together, losers last; then by removal and name', () => {
    const effects = new Map([
      ['u1', effect('zed', { losses: ['Admin'], removesAccess: true })],
      ['u2', effect('yan', { gains: ['Admin'] })],
      ['u3', effect('xia', { gains: ['Admin'], losses: ['Lead'], removesAccess: true })],
      ['u4', effect('wu', { gains: ['Lead'], losses: ['Admin'], removesAccess: true })],
      ['u5', effect('ann', { removesAccess: true })],
      ['u6', effect('bob')],
    ]);
    const ops = opsOf(['u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    expect(chunkOperations(ops, effects, 1).map((c) => c.userIds)).toEqual([
      ['u6'], // bob: adds only
      ['u2'], // yan: gains Admin
      ['u5'], // ann: removes access, no protected role
      ['u4', 'u3'], // wu and xia trade Admin and Lead: one chunk, above the limit
      ['u1'], // zed: loses Admin
    ]);
    expect(effectGroup(effects.get('u3'))).toBe(2);
    expect(effectGroup(undefined)).toBe(1);
  });
});

const USERS = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'];
const ROLES = ['A', 'B'];

/** Per user: gains and losses (disjoint) among the protected roles, removal, a name. */
const effectArb = fc
  .record({
    a: fc.constantFrom('none', 'gain', 'loss'),
    b: fc.constantFrom('none', 'gain', 'loss'),
    removes: fc.boolean(),
    name: fc.constantFrom('ana', 'bo', 'cy', 'di'),
  })
  .map(({ a, b, removes, name }) => {
    const pick = (want: string) => ROLES.filter((_, i) => [a, b][i] === want);
    return effect(name, { gains: pick('gain'), losses: pick('loss'), removesAccess: removes });
  });

const caseArb = fc.record({
  ops: fc.array(fc.constantFrom(...USERS), { maxLength: 40 }),
  effects: fc.tuple(...USERS.map(() => effectArb)),
  max: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
  /** Holders of each protected role that no change touches. */
  base: fc.tuple(fc.nat(3), fc.nat(3)),
});

describe('chunkOperations properties', () => {
  it('partitions the plan, keeps its order, never splits a user, respects N but for one unit, keeps protected holders', () => {
    fc.assert(
      fc.property(caseArb, ({ ops: owners, effects: list, max, base }) => {
        const ops = opsOf(owners);
        const effects = new Map(USERS.map((u, i) => [u, list[i]!]));
        const chunks = chunkOperations(ops, effects, max);
        const position = (o: SecurityRoleOperation) => Number(o.project_id!.slice(1));
        // A partition of the operations, each chunk in the plan's relative order.
        const flat = chunks.flatMap((c) => c.operations.map(position));
        expect([...flat].sort((x, y) => x - y)).toEqual(ops.map((_, i) => i));
        for (const c of chunks) {
          const at = c.operations.map(position);
          expect(at).toEqual([...at].sort((x, y) => x - y));
          expect(c.operations.every((o) => c.userIds.includes(o.user_id))).toBe(true);
        }
        // Every user in exactly one chunk.
        const placed = chunks.flatMap((c) => c.userIds);
        expect(new Set(placed).size).toBe(placed.length);
        expect(new Set(placed)).toEqual(new Set(owners));
        // At most N, unless the chunk is one unit: one user, or the protected traders.
        const traders = [...new Set(owners)].filter((u) => effectGroup(effects.get(u)) === 2);
        const group = chunks.map((c) => c.userIds.filter((u) => traders.includes(u)));
        expect(group.filter((g) => g.length > 0).length).toBeLessThanOrEqual(1);
        for (const c of chunks) {
          if (max === undefined || c.operations.length <= max) continue;
          const oneUnit =
            c.userIds.length === 1 ||
            (c.userIds.length === traders.length && c.userIds.every((u) => traders.includes(u)));
          expect(oneUnit, JSON.stringify(c.userIds)).toBe(true);
        }
        // Between chunks, each protected role has at least min(holders before, after).
        ROLES.forEach((role, r) => {
          const users = [...new Set(owners)];
          const losers = users.filter((u) => effects.get(u)!.losses.includes(role));
          const gainers = users.filter((u) => effects.get(u)!.gains.includes(role));
          const before = base[r]! + losers.length;
          const after = base[r]! + gainers.length;
          const done = new Set<string>();
          for (const c of chunks) {
            c.userIds.forEach((u) => done.add(u));
            const now =
              base[r]! +
              losers.filter((u) => !done.has(u)).length +
              gainers.filter((u) => done.has(u)).length;
            expect(now).toBeGreaterThanOrEqual(Math.min(before, after));
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
