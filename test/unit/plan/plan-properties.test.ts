import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CurrentState } from '../../../src/current/types.js';
import { planChanges } from '../../../src/plan/index.js';
import { planCaseArb } from './arbitraries.js';
import {
  desiredState,
  normScope,
  serverState,
  type ConfigSpec,
  type ServerSpec,
} from './builders.js';
import { applyOperations, effectiveAccess } from './simulator.js';

function plan(server: CurrentState, config: ConfigSpec) {
  return planChanges({
    desired: desiredState(config),
    current: server,
    apiUser: 'svc',
    now: new Date(),
  });
}

/** The access the config asks for, for managed users: `user|role|project`. */
function desiredAccess(server: ServerSpec, config: ConfigSpec, managed: string[]): Set<string> {
  const open = (server.projects ?? []).filter((p) => p.private !== true).map((p) => p.name);
  const found = new Set<string>();
  for (const user of managed) {
    for (const [role, spec] of Object.entries(config.users?.[user] ?? {})) {
      const scope = normScope(spec);
      for (const p of new Set([...(scope.all_open ? open : []), ...scope.projects])) {
        found.add(`${user}|${role}|${p}`);
      }
    }
  }
  return found;
}

const ofUsers = (access: Set<string>, users: string[]) =>
  [...access].filter((a) => users.includes(a.split('|')[0]!)).sort();

describe('planner properties (strict reference server)', () => {
  it('applying the plan yields the desired access within scope, and planning again yields nothing', () => {
    fc.assert(
      fc.property(planCaseArb, ({ server, config }) => {
        const current = serverState(server);
        const { plan: first, diagnostics } = plan(current, config);
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const managed = first.managed.users;
        const unmanaged = current.users.map((u) => u.username).filter((u) => !managed.includes(u));
        const initial = effectiveAccess(current);
        const final = applyOperations(current, first.operations);
        const result = effectiveAccess(final);
        expect(ofUsers(result, managed)).toEqual(
          ofUsers(desiredAccess(server, config, managed), managed),
        );
        expect(ofUsers(result, unmanaged)).toEqual(ofUsers(initial, unmanaged));
        const again = plan(final, config).plan;
        expect(again.changes).toEqual([]);
        expect(again.operations).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('nobody loses access to a project they keep, except where the server forces it', () => {
    const byUser = (access: Set<string>) =>
      new Set([...access].map((a) => a.replace(/\|[^|]*\|/, '|')));
    fc.assert(
      fc.property(planCaseArb, ({ server, config }) => {
        const current = serverState(server);
        const { plan: p } = plan(current, config);
        const final = byUser(effectiveAccess(applyOperations(current, p.operations)));
        const kept = [...byUser(effectiveAccess(current))].filter((a) => final.has(a));
        // The one forced exception: a role leaving all-open for open projects it does not
        // hold explicitly yet (a strict server refuses those grants while all-open is on), so
        // all-open is revoked first inside the same atomic call.
        const open = current.projects.filter((x) => !x.isPrivate).map((x) => x.name);
        // The other: a role turning all-open on while it holds private projects has them
        // revoked first and the kept ones granted back after, since a server may keep or
        // drop them when all-open is granted.
        const forced = new Set([
          ...p.changes
            .filter(
              (c) =>
                c.before?.all_open === true &&
                c.after?.all_open === false &&
                c.after.projects.some((x) => open.includes(x) && !c.before!.projects.includes(x)),
            )
            .flatMap((c) => open.map((x) => `${c.user}|${x}`)),
          ...p.changes
            .filter((c) => c.before?.all_open === false && c.after?.all_open === true)
            .flatMap((c) => c.before!.projects.map((x) => `${c.user}|${x}`)),
        ]);
        applyOperations(current, p.operations, (step) => {
          const now = byUser(effectiveAccess(step));
          expect(kept.filter((a) => !now.has(a) && !forced.has(a))).toEqual([]);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('counts removals as the access the plan takes away', () => {
    fc.assert(
      fc.property(planCaseArb, ({ server, config }) => {
        const { plan: p } = plan(serverState(server), config);
        const removes = p.changes.filter((c) => c.action === 'remove').length;
        expect(p.summary.removals).toBeGreaterThanOrEqual(removes);
        if (
          p.operations.every((op) => op.action.startsWith('add') || op.action.startsWith('grant'))
        ) {
          expect(p.summary.removals).toBe(0);
        }
      }),
      { numRuns: 100 },
    );
  });
});
