import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { desiredFromTexts } from '../../../src/pipeline/load-desired.js';
import type { ExportModel, ExportedUser } from '../../../src/report/index.js';
import { renderExportDocument, renderExportFiles } from '../../../src/render/export-yaml.js';
import { splitUsers, USERS_PER_FILE } from '../../../src/render/export-split.js';
import { referenceExportDocument, referenceExportFiles } from './reference-render.js';

/** Names that need quoting in YAML, or look like they might. */
const TRICKY = [
  'ana',
  'Comp Lead',
  '2024',
  'true',
  'Null',
  'yes',
  'a: b',
  'x #y',
  '-lead',
  '[x]',
  'a,b',
  "it's",
  'say "hi"',
  'é-team',
  '*star',
  '&amp',
  '!bang',
  '%p',
  '@at',
  '`tick',
  'a\tb',
  'back\\slash',
  '0x1F',
  '.inf',
  '~',
  'show_*',
  'a  b',
  '{x}',
  '? q',
  'a\u202eb',
  'x'.repeat(1100),
];

const name = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.stringMatching(/^[a-z][a-z0-9 ._-]{0,6}[a-z0-9]$/),
);
const scope = fc.record({
  all_open: fc.boolean(),
  projects: fc.uniqueArray(name, { maxLength: 4 }),
});
const model: fc.Arbitrary<ExportModel> = fc.record({
  server: fc.constantFrom('https://studio.ftrackapp.com', 'http://127.0.0.1:8080'),
  roles: fc.uniqueArray(fc.record({ name, type: fc.constantFrom('PROJECT', 'ASSIGNED') }), {
    selector: (r) => r.name,
    maxLength: 5,
  }),
  users: fc.uniqueArray(
    fc.record({
      username: name,
      isActive: fc.boolean(),
      roles: fc.uniqueArray(fc.record({ role: name, scope }), {
        selector: (r) => r.role,
        maxLength: 3,
      }),
    }),
    { selector: (u) => u.username, maxLength: 6 },
  ),
  // Control characters in comments are escaped (the yaml library wrote them as they are).
  skipped: fc.array(
    fc.record({
      username: name.filter((n) => ![...n].some((c) => c < ' ')),
      reason: fc.constant('inactive'),
    }),
    { maxLength: 2 },
  ),
  settings: fc.record({
    manage: fc.constantFrom('owned' as const, 'declared' as const),
    inactiveUsers: fc.constantFrom('remove' as const, 'keep' as const),
    // Only names that are valid and no glob reach ignore_users (exportSettings).
    ignoreUsers: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9._-]{0,6}[a-z0-9]$/), {
      maxLength: 3,
    }),
    why: fc.array(fc.constantFrom('a reason', 'x: y', '# z'), { maxLength: 2 }),
  }),
});

/** Sorted by compareStrings, as collectExport sorts them. */
const byName =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
const sorted = model.map((m) => ({
  ...m,
  roles: [...m.roles].sort(byName((r) => r.name)),
  users: [...m.users]
    .sort(byName((u) => u.username))
    .map((u) => ({ ...u, roles: [...u.roles].sort(byName((r) => r.role)) })),
}));

/**
 * Integer-like names: a JavaScript object enumerates them first, so the yaml-based
 * renderer moved them before the others; the text renderer keeps the sorted order. A key
 * over 1,024 characters is an explicit key (`? name`): the yaml library wrote its value
 * on the same line as the `:` when it could, the text renderer on the next.
 */
const hasUnusualName = (m: ExportModel) =>
  [
    ...m.roles.map((r) => r.name),
    ...m.users.flatMap((u) => [u.username, ...u.roles.map((r) => r.role)]),
  ].some((n) => /^(?:0|[1-9][0-9]*)$/.test(n) || n.length > 1000);

/**
 * The model with every role it grants in its catalogue, as collectExport makes it. It
 * never lists a project whose name starts with '!' (no pattern may: FR314); it leaves the
 * users holding one out.
 */
const consistent = sorted.map((m) => {
  const names = new Set([
    ...m.roles.map((r) => r.name),
    ...m.users.flatMap((u) => u.roles.map((r) => r.role)),
  ]);
  const users = m.users.filter(
    (u) => !u.roles.some((r) => r.scope.projects.some((p) => p.startsWith('!'))),
  );
  return { ...m, users, roles: [...names].sort().map((n) => ({ name: n, type: 'PROJECT' })) };
});

const texts = (files: { path: string; text: string }[]) =>
  files.map((f) => ({ path: f.path, text: f.text, bytes: new TextEncoder().encode(f.text) }));

describe('the text renderer', () => {
  it('writes what the yaml-based renderer wrote, byte for byte (one users.yaml)', () => {
    fc.assert(
      fc.property(
        sorted.filter((m) => !hasUnusualName(m)),
        (m) => {
          expect(renderExportFiles(m, { split: 'none' })).toEqual(referenceExportFiles(m));
          expect(renderExportDocument(m)).toBe(referenceExportDocument(m));
        },
      ),
      { numRuns: 300, seed: 17 },
    );
  });

  it('writes files that read back to the same users and roles', () => {
    fc.assert(
      fc.property(consistent, (m) => {
        const checked = desiredFromTexts(texts(renderExportFiles(m)));
        expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const users = checked.desired!.users;
        for (const user of m.users) {
          const roles = users.get(user.username)?.roles;
          expect([...(roles?.keys() ?? [])].sort()).toEqual(user.roles.map((r) => r.role).sort());
        }
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('escapes line breaks in comments, so no name can end a comment', () => {
    const text = renderExportDocument({
      server: 'http://x',
      roles: [],
      users: [],
      skipped: [{ username: 'evil\nversion: 2\r\nusers: {}', reason: 'not a valid name' }],
      settings: { manage: 'declared', inactiveUsers: 'remove', ignoreUsers: [], why: [] },
    });
    expect(text).toContain('#   evil\\u000aversion: 2\\u000d\\u000ausers: {}: not a valid name\n');
    expect(desiredFromTexts(texts([{ path: 'a.yaml', text }])).diagnostics).toEqual([]);
  });
});

describe('splitUsers', () => {
  const user = (username: string): ExportedUser => ({ username, isActive: true, roles: [] });

  it('puts users in files by the lower-cased first character', () => {
    const users = ['Ana', 'ana', 'bo', '7up', 'Émile', '_svc', 'zoe'].sort().map(user);
    const files = splitUsers(users, 'by-letter');
    expect(files.map((f) => [f.path, f.users.map((u) => u.username)])).toEqual([
      ['users/0-9.yaml', ['7up']],
      ['users/a.yaml', ['Ana', 'ana']],
      ['users/b.yaml', ['bo']],
      ['users/other.yaml', ['_svc', 'Émile']],
      ['users/z.yaml', ['zoe']],
    ]);
    expect(splitUsers(users, 'none').map((f) => f.path)).toEqual(['users.yaml']);
  });

  it(`cuts a letter with more than ${USERS_PER_FILE} users into parts, in username order`, () => {
    const many = Array.from({ length: 2 * USERS_PER_FILE + 1 }, (_, i) =>
      user(`artist-${String(i).padStart(5, '0')}`),
    );
    const files = splitUsers([...many, user('bo')], 'by-letter');
    expect(files.map((f) => [f.path, f.users.length])).toEqual([
      ['users/a-1.yaml', USERS_PER_FILE],
      ['users/a-2.yaml', USERS_PER_FILE],
      ['users/a-3.yaml', 1],
      ['users/b.yaml', 1],
    ]);
    expect(files[1]!.users[0]!.username).toBe(`artist-${String(USERS_PER_FILE).padStart(5, '0')}`);
    expect(files[2]!.label).toBe(
      'The users whose username starts with "a" (any case), part 3 of 3 (in username order)',
    );
  });
});
