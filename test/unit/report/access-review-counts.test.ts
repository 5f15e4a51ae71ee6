import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../../src/plan/index.js';
import { buildAccessReview } from '../../../src/report/access-review.js';
import { compareStrings } from '../../../src/model/index.js';
import { renderAccessReviewCsv } from '../../../src/render/access-review-csv.js';
import { forEachAccessRow } from '../../../src/report/access-review-summary.js';
import type { AccessReview } from '../../../src/report/access-review-types.js';
import { buildState, loadTexts, type ScopeSpec } from './state-builder.js';

// The review's counts (projects a user reaches, users reaching a project, access rows per
// role and project) are computed without expanding all-open grants; they must equal the
// counts of the expanded rows (forEachAccessRow, the CSV's rows) whatever the state.

const NOW = new Date('2026-01-01T12:00:00Z');
const ROLES = ['Lead', 'Reviewer', 'User'];
const PROJECT_NAMES = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];

const scope: fc.Arbitrary<ScopeSpec> = fc.oneof(
  fc.constant<ScopeSpec>('all-open'),
  fc.uniqueArray(fc.constantFrom(...PROJECT_NAMES), { minLength: 1 }),
  fc.record({
    all_open: fc.boolean(),
    projects: fc.uniqueArray(fc.constantFrom(...PROJECT_NAMES), { minLength: 1 }),
  }),
);

const server = fc.record({
  privateProjects: fc.subarray(PROJECT_NAMES),
  users: fc.array(fc.dictionary(fc.constantFrom(...ROLES), scope, { maxKeys: 3 }), {
    maxLength: 8,
  }),
});

describe('the access review counts', () => {
  it('equal the expanded rows for any server state', () => {
    const { desired } = loadTexts({
      'access/users.yaml': 'version: 1\nusers:\n  u0:\n    roles:\n      User: all-open\n',
    });
    fc.assert(
      fc.property(server, ({ privateProjects, users }) => {
        const current = buildState({
          projects: PROJECT_NAMES.map((name) => ({
            name,
            private: privateProjects.includes(name),
          })),
          roles: [{ name: 'Administrator' }, ...ROLES.map((name) => ({ name }))],
          users: [
            { username: 'svc', roles: { Administrator: 'all-open' } },
            ...users.map((roles, i) => ({ username: `u${i}`, roles })),
          ],
        });
        const { plan } = planChanges({ desired, current, apiUser: 'svc', now: NOW });
        const r = buildAccessReview({
          desired,
          current,
          plan,
          files: ['access/users.yaml'],
          now: NOW,
          manyUsers: 10,
          git: { git: null, reason: 'none', line: () => null },
        });
        const perRole = new Map<string, number>();
        const perProject = new Map<string, number>();
        const reach = new Map<string, Set<string>>();
        const reachedBy = new Map<string, Set<string>>();
        let rows = 0;
        forEachAccessRow(r.grants, r.projects, (row) => {
          rows++;
          perRole.set(row.role, (perRole.get(row.role) ?? 0) + 1);
          perProject.set(row.project, (perProject.get(row.project) ?? 0) + 1);
          reach.set(row.user, (reach.get(row.user) ?? new Set()).add(row.project));
          reachedBy.set(row.project, (reachedBy.get(row.project) ?? new Set()).add(row.user));
        });
        expect(r.summary.access_rows).toBe(rows);
        // The rows themselves, in order, against their definition.
        const visited: string[] = [];
        forEachAccessRow(r.grants, r.projects, (row) =>
          visited.push(
            [row.user, row.role, row.project, row.all_open, row.granted, row.grants.length].join(
              ' ',
            ),
          ),
        );
        expect(visited).toEqual(expandedRows(r));
        expect(renderAccessReviewCsv(r).split('\r\n').length - 2).toBe(rows);
        for (const [role, entry] of Object.entries(r.summary.per_role))
          expect(entry.access_rows, role).toBe(perRole.get(role) ?? 0);
        for (const [project, entry] of Object.entries(r.summary.per_project))
          expect(entry.access_rows, project).toBe(perProject.get(project) ?? 0);
        for (const u of r.users) expect(u.projects, u.user).toBe(reach.get(u.user)?.size ?? 0);
        for (const p of r.projects) expect(p.users, p.name).toBe(reachedBy.get(p.name)?.size ?? 0);
      }),
      { numRuns: 150 },
    );
  });
});

/** The rows by their definition: per user × role, the open projects when it holds all-open, and its granted ones, sorted. */
function expandedRows(r: AccessReview): string[] {
  const open = new Set(r.projects.filter((p) => !p.private).map((p) => p.name));
  const pairs = new Map<string, { allOpen: boolean; granted: Set<string> }>();
  for (const g of r.grants) {
    const key = `${g.user} ${g.role}`;
    const pair = pairs.get(key) ?? { allOpen: false, granted: new Set<string>() };
    if (g.project === null) pair.allOpen = true;
    else pair.granted.add(g.project);
    pairs.set(key, pair);
  }
  const rows: string[] = [];
  for (const [key, { allOpen, granted }] of pairs) {
    const names = new Set([...(allOpen ? open : []), ...granted]);
    for (const project of [...names].sort(compareStrings)) {
      const viaOpen = allOpen && open.has(project);
      const viaGrant = granted.has(project);
      rows.push([key, project, viaOpen, viaGrant, Number(viaOpen) + Number(viaGrant)].join(' '));
    }
  }
  return rows;
}
