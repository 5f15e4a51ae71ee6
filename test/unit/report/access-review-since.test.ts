import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../../src/plan/index.js';
import { buildAccessReview } from '../../../src/report/access-review.js';
import {
  accessOfReview,
  changesSince,
  checkSnapshot,
  countReview,
  snapshotOfReview,
  type ReviewedAccess,
  type SnapshotGrant,
} from '../../../src/report/access-review-since.js';
import { buildState, loadTexts, type ScopeSpec } from './state-builder.js';

const NOW = new Date('2026-01-01T12:00:00Z');
const DIGEST = `sha256:${'ab'.repeat(32)}`;

/** A review of a small server, as `report` builds it. */
function reviewOf(users: { username: string; roles?: Record<string, ScopeSpec> }[]) {
  const { desired } = loadTexts({
    'access/users.yaml': 'version: 1\nusers:\n  ana:\n    roles:\n      User: all-open\n',
  });
  const current = buildState({ users });
  const { plan } = planChanges({ desired, current, apiUser: 'svc', now: NOW });
  return buildAccessReview({
    desired,
    current,
    plan,
    files: ['access/users.yaml'],
    now: NOW,
    manyUsers: 10,
    git: { git: null, reason: 'no git', line: () => null },
  });
}

describe('changesSince', () => {
  it('lists the users and grants added and removed, sorted like the review', () => {
    const before: ReviewedAccess = {
      users: ['ana', 'bo', 'zoe'],
      grants: [
        ['ana', 'User', 'all-open', null],
        ['bo', 'Lead', 'project', 'beta'],
        ['zoe', 'User', 'project', 'alpha'],
      ],
    };
    const now: ReviewedAccess = {
      users: ['ana', 'bo', 'cy'],
      grants: [
        ['ana', 'User', 'all-open', null],
        ['ana', 'User', 'project', 'secret'],
        ['bo', 'Lead', 'all-open', null],
        ['cy', 'User', 'project', 'alpha'],
      ],
    };
    expect(changesSince(before, now)).toEqual({
      users_added: ['cy'],
      users_removed: ['zoe'],
      grants_added: [
        { user: 'ana', role: 'User', scope: 'project', project: 'secret' },
        { user: 'bo', role: 'Lead', scope: 'all-open', project: null },
        { user: 'cy', role: 'User', scope: 'project', project: 'alpha' },
      ],
      grants_removed: [
        { user: 'bo', role: 'Lead', scope: 'project', project: 'beta' },
        { user: 'zoe', role: 'User', scope: 'project', project: 'alpha' },
      ],
    });
  });

  const user = fc.constantFrom('ana', 'bo', 'cy', 'dara', 'eli');
  const grant: fc.Arbitrary<SnapshotGrant> = fc.oneof(
    fc.tuple(
      user,
      fc.constantFrom('User', 'Lead'),
      fc.constant('all-open' as const),
      fc.constant(null),
    ),
    fc.tuple(
      user,
      fc.constantFrom('User', 'Lead'),
      fc.constant('project' as const),
      fc.constantFrom('alpha', 'beta', 'secret'),
    ),
  );
  const access: fc.Arbitrary<ReviewedAccess> = fc.record({
    users: fc.uniqueArray(user),
    grants: fc.uniqueArray(grant, { selector: (g) => g.join('\u0000') }),
  });
  const key = (g: { user: string; role: string; scope: string; project: string | null }) =>
    [g.user, g.role, g.scope, g.project ?? ''].join('\u0000');

  it('added and removed are disjoint, and applying them to the old review gives the new one', () => {
    fc.assert(
      fc.property(access, access, (before, now) => {
        const changes = changesSince(before, now);
        const added = new Set(changes.grants_added.map(key));
        const removed = new Set(changes.grants_removed.map(key));
        expect([...added].filter((k) => removed.has(k))).toEqual([]);
        expect(changes.users_added.filter((u) => changes.users_removed.includes(u))).toEqual([]);
        const grants = new Set(
          before.grants.map(([u, r, s, p]) => key({ user: u, role: r, scope: s, project: p })),
        );
        for (const k of removed) expect(grants.delete(k)).toBe(true);
        for (const k of added) {
          expect(grants.has(k)).toBe(false);
          grants.add(k);
        }
        const wanted = now.grants.map(([u, r, s, p]) =>
          key({ user: u, role: r, scope: s, project: p }),
        );
        expect([...grants].sort()).toEqual([...wanted].sort());
        const users = new Set(before.users);
        for (const u of changes.users_removed) expect(users.delete(u)).toBe(true);
        for (const u of changes.users_added) users.add(u);
        expect([...users].sort()).toEqual([...now.users].sort());
        expect(changes.users_added).toEqual([...changes.users_added].sort());
        // Nothing changed since a review of the same access.
        expect(changesSince(now, now)).toEqual({
          users_added: [],
          users_removed: [],
          grants_added: [],
          grants_removed: [],
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('the snapshot of a signed review', () => {
  const review = reviewOf([
    { username: 'zoe', roles: { User: ['beta'] } },
    { username: 'ana', roles: { User: { all_open: true, projects: ['secret'] }, Lead: ['alpha'] } },
    { username: 'lee' },
  ]);

  it('keeps every user and grant of the review, sorted as the review sorts them', () => {
    const snapshot = snapshotOfReview(review, DIGEST);
    expect(snapshot).toEqual({
      format_version: 1,
      kind: 'access-review-snapshot',
      report_digest: DIGEST,
      server: review.server,
      users: ['ana', 'lee', 'zoe'],
      grants: [
        ['ana', 'Lead', 'project', 'alpha'],
        ['ana', 'User', 'all-open', null],
        ['ana', 'User', 'project', 'secret'],
        ['zoe', 'User', 'project', 'beta'],
      ],
    });
    expect(snapshot.grants).toEqual(review.grants.map((g) => [g.user, g.role, g.scope, g.project]));
    expect(countReview(review)).toEqual({
      users: 3,
      holders: 2,
      projects: review.summary.projects,
      grants: 4,
      access_rows: review.summary.access_rows,
      exceptions: review.summary.exceptions.total,
    });
  });

  it('read back from its JSON, it shows no change against the same review', () => {
    const read = checkSnapshot(
      JSON.parse(JSON.stringify(snapshotOfReview(review, DIGEST))),
      DIGEST,
    );
    if (!('snapshot' in read)) throw new Error(read.problem);
    expect(Object.values(changesSince(read.snapshot, accessOfReview(review))).flat()).toEqual([]);
  });

  it.each([
    [null, 'is not an access review snapshot'],
    [{ kind: 'access-review' }, 'is not an access review snapshot'],
    [{ kind: 'access-review-snapshot', format_version: 2 }, 'has format_version 2, not 1'],
    [{ users: 'ana' }, 'has no valid list of users'],
    [{ grants: [['ana', 'User', 'all-open', 'alpha']] }, 'has no valid list of grants'],
    [{ grants: [['ana', 'User', 'project', null]] }, 'has no valid list of grants'],
    [{ grants: [['ana', 'User']] }, 'has no valid list of grants'],
    [
      { report_digest: `sha256:${'cd'.repeat(32)}` },
      `belongs to another report (sha256:${'cd'.repeat(32)})`,
    ],
  ])('refuses %j: %s', (change, problem) => {
    const good = snapshotOfReview(review, DIGEST);
    const value = change === null ? null : { ...good, ...change };
    expect(checkSnapshot(value, DIGEST)).toEqual({ problem });
  });
});
