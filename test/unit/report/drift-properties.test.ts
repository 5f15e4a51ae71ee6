import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDriftReport, collectExport } from '../../../src/report/index.js';
import { renderExportDocument } from '../../../src/render/export-yaml.js';
import { planChanges } from '../../../src/plan/index.js';
import { buildState, loadTexts, PROJECTS, type ScopeSpec } from './state-builder.js';

const names = PROJECTS.map((p) => p.name);
const scope: fc.Arbitrary<ScopeSpec> = fc.oneof(
  fc.constant('all-open' as const),
  fc.subarray(names),
  fc.record({ all_open: fc.boolean(), projects: fc.subarray(names) }),
);
const users = fc.uniqueArray(
  fc.record({
    username: fc.constantFrom('ana', 'bo', 'chen', 'dara', 'eli', 'fay'),
    active: fc.boolean(),
    roles: fc.dictionary(fc.constantFrom('Lead', 'Reviewer', 'User'), scope),
  }),
  { selector: (u) => u.username, maxLength: 6 },
);

describe('drift report properties', () => {
  it('every plan change is reported, nothing else is, and in sync means no change', () => {
    fc.assert(
      fc.property(users, users, (wanted, held) => {
        // The config is the export of one random server; the server is another.
        const model = collectExport(buildState({ users: wanted }), { includeInactive: true });
        const { desired } = loadTexts({ 'access.yaml': renderExportDocument(model) });
        const current = buildState({ users: held });
        const { plan } = planChanges({ desired, current, apiUser: 'svc', now: new Date() });
        const report = buildDriftReport({ plan, desired, current });
        const key = (x: { user: string; role: string | null }) => `${x.user}/${x.role ?? ''}`;
        const reported = new Set(report.differences.map(key));
        for (const change of plan.changes) expect(reported.has(key(change))).toBe(true);
        const changed = new Set(plan.changes.map(key));
        // inactive_users: keep: the plan leaves inactive users alone; drift finds them.
        const kept = report.differences.filter((d) => d.kind === 'inactive-user' && !d.action);
        for (const d of report.differences) {
          if (d.kind === 'unknown-user') {
            expect(current.users.some((u) => u.username === d.user)).toBe(false);
          } else if (!kept.includes(d)) {
            expect(changed.has(key(d))).toBe(true);
          }
        }
        // The findings are exactly what inactive_users: remove would take away.
        const strict = planChanges({
          desired: { ...desired, settings: { ...desired.settings, inactiveUsers: 'remove' } },
          current,
          apiUser: 'svc',
          now: new Date(),
        }).plan;
        const inactive = new Set(current.users.filter((u) => !u.isActive).map((u) => u.username));
        const taken = strict.changes.filter((c) => inactive.has(c.user));
        expect(taken.every((c) => c.action === 'remove')).toBe(true);
        expect(kept.map(key).sort()).toEqual(
          plan.managed.inactive_users === 'keep' ? taken.map(key).sort() : [],
        );
        const unknown = report.differences.filter((d) => d.kind === 'unknown-user').length;
        expect(report.in_sync).toBe(
          plan.changes.length === 0 && unknown === 0 && kept.length === 0,
        );
        expect(report.summary.differences).toBe(report.differences.length);
      }),
      { numRuns: 80, seed: 11 },
    );
  });
});
