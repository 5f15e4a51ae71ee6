import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ADOPTED_FILE_HEADER, editConfigText } from '../../../src/config/adopt-edit.js';
import { checkConfigTexts } from '../../../src/config/index.js';
import type { Scope } from '../../../src/model/index.js';

const allOpen: Scope = { all_open: true, projects: [] };
const list = (...projects: string[]): Scope => ({ all_open: false, projects });
const both = (...projects: string[]): Scope => ({ all_open: true, projects });

/** The users' roles as the config reader reads the text (the reader adopt's files go back to). */
function rolesRead(text: string, user: string): unknown {
  const bytes = new TextEncoder().encode(text);
  const checked = checkConfigTexts([{ path: 'a.yaml', bytes, text }]);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return checked.documents![0]!.data.users![user]!.roles;
}

const STUDIO = `# yaml-language-server: $schema=../schema.json
#
# Artists.
version: 1

users:
  ana:
    roles:
      # ana also gets User through lighting.
      Lead: ['show_*'] # the shows
      Supervisor:
        - nebula   # since 2025
        # the second show
        - harbor
  ivan:
    roles:
      User: all-open

  kim:
    roles: { User: all-open, Lead: [a, b] }
`;

describe('editConfigText', () => {
  it('changes nothing, byte for byte, when asked for nothing or for what is written', () => {
    expect(editConfigText(STUDIO, 'a.yaml', { users: [] }).text).toBe(STUDIO);
    const same = editConfigText(STUDIO, 'a.yaml', {
      users: [
        { user: 'ana', roles: [{ role: 'Supervisor', scope: list('harbor', 'nebula') }] },
        { user: 'ivan', roles: [{ role: 'User', scope: allOpen }] },
        { user: 'kim', roles: [{ role: 'Nope', scope: null }] },
      ],
    });
    expect(same.text).toBe(STUDIO);
    expect(same.changed).toEqual([]);
  });

  it('edits one user of a file with several, keeping every other line', () => {
    const result = editConfigText(STUDIO, 'a.yaml', {
      users: [{ user: 'ivan', roles: [{ role: 'User', scope: list('nebula') }] }],
    });
    expect(result.changed).toEqual([{ user: 'ivan', role: 'User' }]);
    expect(result.text).toBe(STUDIO.replace('      User: all-open\n', '      User: [nebula]\n'));
    expect(rolesRead(result.text, 'ivan')).toEqual({ User: ['nebula'] });
  });

  it('keeps the items, comments and quoting of a block list, drops and adds items', () => {
    const result = editConfigText(STUDIO, 'a.yaml', {
      users: [{ user: 'ana', roles: [{ role: 'Supervisor', scope: list('ember', 'harbor') }] }],
    });
    expect(result.text).toBe(
      STUDIO.replace(
        '        - nebula   # since 2025\n        # the second show\n        - harbor\n',
        '        # the second show\n        - harbor\n        - ember\n',
      ),
    );
  });

  it('keeps a glob item the scope still covers and a trailing comment on the line', () => {
    const result = editConfigText(STUDIO, 'a.yaml', {
      users: [{ user: 'ana', roles: [{ role: 'Lead', scope: list('falcon', 'show_*') }] }],
    });
    expect(result.text).toContain("      Lead: ['show_*', falcon] # the shows\n");
    expect(rolesRead(result.text, 'ana')).toMatchObject({ Lead: ['show_*', 'falcon'] });
  });

  it('changes the form of a value: list to all-open, block list to the object form', () => {
    const result = editConfigText(STUDIO, 'a.yaml', {
      users: [
        {
          user: 'ana',
          roles: [
            { role: 'Lead', scope: allOpen },
            { role: 'Supervisor', scope: both('falcon') },
          ],
        },
      ],
    });
    expect(result.text).toContain(
      '      Lead: all-open # the shows\n      Supervisor: { all_open: true, projects: [falcon] }\n  ivan:\n',
    );
    expect(rolesRead(result.text, 'ana')).toEqual({
      Lead: 'all-open',
      Supervisor: { all_open: true, projects: ['falcon'] },
    });
  });

  it('takes a role out with the comment lines above it, and adds a role after the last', () => {
    const result = editConfigText(STUDIO, 'a.yaml', {
      users: [
        {
          user: 'ana',
          roles: [
            { role: 'Lead', scope: null },
            { role: 'Project Manager', scope: list('ember') },
          ],
        },
      ],
    });
    expect(result.text).toBe(
      STUDIO.replace(
        "      # ana also gets User through lighting.\n      Lead: ['show_*'] # the shows\n",
        '',
      ).replace('        - harbor\n', '        - harbor\n      Project Manager: [ember]\n'),
    );
  });

  it('edits a flow mapping of roles in place, keeping its other entries as written', () => {
    const result = editConfigText(STUDIO, 'a.yaml', {
      users: [
        {
          user: 'kim',
          roles: [
            { role: 'Lead', scope: null },
            { role: 'Reviewer', scope: list('ember') },
          ],
        },
      ],
    });
    expect(result.text).toBe(
      STUDIO.replace(
        '    roles: { User: all-open, Lead: [a, b] }\n',
        '    roles: { User: all-open, Reviewer: [ember] }\n',
      ),
    );
    const emptied = editConfigText(STUDIO, 'a.yaml', {
      users: [
        {
          user: 'kim',
          roles: [
            { role: 'Lead', scope: null },
            { role: 'User', scope: null },
          ],
        },
      ],
    });
    expect(emptied.text).toBe(STUDIO.replace('{ User: all-open, Lead: [a, b] }', '{}'));
    expect(rolesRead(emptied.text, 'kim')).toEqual({});
  });

  it('writes `roles: {}` when every role of a block mapping is taken out', () => {
    const result = editConfigText(STUDIO, 'a.yaml', {
      users: [{ user: 'ivan', roles: [{ role: 'User', scope: null }] }],
    });
    expect(result.text).toBe(
      STUDIO.replace('    roles:\n      User: all-open\n', '    roles: {}\n'),
    );
  });

  it('writes a role held on no project in the explicit form, and quotes names as needed', () => {
    const result = editConfigText(STUDIO, 'a.yaml', {
      users: [
        {
          user: 'ivan',
          roles: [
            { role: 'User', scope: list() },
            { role: 'yes: no', scope: list('2024', 'a, b', '*x') },
          ],
        },
      ],
    });
    expect(result.text).toContain(
      '      User: { all_open: false, projects: [] }\n      "yes: no": ["2024", "a, b", "*x"]\n',
    );
    expect(parse(result.text).users.ivan.roles).toEqual({
      User: { all_open: false, projects: [] },
      'yes: no': ['2024', 'a, b', '*x'],
    });
  });

  it('keeps CRLF line breaks and a file without a final line break', () => {
    const crlf = STUDIO.replaceAll('\n', '\r\n');
    const result = editConfigText(crlf, 'a.yaml', {
      users: [
        { user: 'ana', roles: [{ role: 'Supervisor', scope: list('ember', 'harbor') }] },
        { user: 'ivan', roles: [{ role: 'Reviewer', scope: allOpen }] },
      ],
    });
    expect(result.text.replaceAll('\r\n', '')).not.toContain('\n');
    expect(result.text).toContain('        - harbor\r\n        - ember\r\n');
    expect(result.text).toContain('      User: all-open\r\n      Reviewer: all-open\r\n');
    expect(rolesRead(result.text, 'ivan')).toEqual({ User: 'all-open', Reviewer: 'all-open' });

    const bare = 'version: 1\nusers:\n  bo:\n    roles:\n      User: [a]';
    const edited = editConfigText(bare, 'b.yaml', {
      users: [{ user: 'bo', roles: [{ role: 'Lead', scope: list('b') }] }],
    });
    expect(edited.text).toBe(`${bare}\n      Lead: [b]\n`);
  });

  it('refuses entries with anchors, aliases or an until: date, and edits the rest', () => {
    const text = [
      'version: 1',
      'users:',
      '  ana:',
      '    roles: &shared',
      '      User: all-open',
      '  bo:',
      '    roles: *shared',
      '  pat:',
      '    roles:',
      '      Reviewer: { projects: [ember], until: 2027-04-01 }',
      '      User: [a]',
      '',
    ].join('\n');
    const result = editConfigText(text, 'a.yaml', {
      users: [
        { user: 'ana', roles: [{ role: 'User', scope: list('a') }] },
        { user: 'bo', roles: [{ role: 'User', scope: list('a') }] },
        {
          user: 'pat',
          roles: [
            { role: 'Reviewer', scope: list('ember') },
            { role: 'User', scope: list('b') },
          ],
        },
      ],
    });
    expect(result.refused).toEqual([
      { user: 'ana', role: null, reason: 'yaml', detail: 'it holds a YAML anchor (&name)' },
      { user: 'bo', role: null, reason: 'yaml', detail: 'it uses a YAML alias (*name)' },
      {
        user: 'pat',
        role: 'Reviewer',
        reason: 'until',
        detail: 'its scope ends on a date (until:)',
      },
    ]);
    expect(result.changed).toEqual([{ user: 'pat', role: 'User' }]);
    expect(result.text).toBe(text.replace('User: [a]\n', 'User: [b]\n'));
  });

  it('refuses a flow value with a comment inside rather than lose the comment', () => {
    const text = 'version: 1\nusers:\n  ana:\n    roles: { User: [a, # why\n      b] }\n';
    const result = editConfigText(text, 'a.yaml', {
      users: [{ user: 'ana', roles: [{ role: 'User', scope: list('a') }] }],
    });
    expect(result.refused).toEqual([
      { user: 'ana', role: null, reason: 'yaml', detail: 'a comment inside the braces' },
    ]);
    expect(result.text).toBe(text);
  });

  it('adds users under users:, indented as the file is, or creates the section or the file', () => {
    const add = [{ user: 'zed', roles: [{ role: 'User', scope: both('falcon') }] }];
    const fourSpaces = 'version: 1\nusers:\n    ana:\n        roles:\n            User: all-open\n';
    expect(editConfigText(fourSpaces, 'a.yaml', { users: [], add }).text).toBe(
      `${fourSpaces}    zed:\n        roles:\n            User: { all_open: true, projects: [falcon] }\n`,
    );
    const noUsers = 'version: 1\ngroups: {}\n';
    expect(editConfigText(noUsers, 'a.yaml', { users: [], add }).text).toBe(
      `${noUsers}users:\n  zed:\n    roles:\n      User: { all_open: true, projects: [falcon] }\n`,
    );
    const created = editConfigText('', 'new.yaml', { users: [], add });
    expect(created.text).toBe(
      `${ADOPTED_FILE_HEADER}\nversion: 1\nusers:\n  zed:\n    roles:\n      User: { all_open: true, projects: [falcon] }\n`,
    );
    expect(rolesRead(created.text, 'zed')).toEqual({
      User: { all_open: true, projects: ['falcon'] },
    });
    expect(created.changed).toEqual([{ user: 'zed', role: 'User' }]);
  });
});

/** A scope read back from a value of the format. */
function scopeOf(value: unknown): Scope {
  if (value === 'all-open') return allOpen;
  if (Array.isArray(value)) return list(...(value as string[]).sort());
  const object = value as { all_open?: boolean; projects?: string[] };
  return { all_open: object.all_open ?? false, projects: [...(object.projects ?? [])].sort() };
}

describe('editConfigText, for any edit of the roles of the studio file', () => {
  const names = ['nebula', 'harbor', 'ember', 'show_*', 'a', 'b', 'x y', '2024'];
  const scope = fc
    .record({ all_open: fc.boolean(), projects: fc.subarray(names) })
    .map((s) => ({ ...s, projects: [...s.projects].sort() }));
  const roles = fc.uniqueArray(
    fc.record({
      role: fc.constantFrom('Lead', 'Supervisor', 'User', 'Reviewer'),
      scope: fc.option(scope, { nil: null }),
    }),
    { selector: (r) => r.role, maxLength: 4 },
  );
  const edits = fc.record({ ana: roles, ivan: roles, kim: roles });

  it('gives a file the reader reads with exactly those scopes, the rest unchanged (LF or CRLF)', () => {
    fc.assert(
      fc.property(edits, fc.boolean(), (edit, crlf) => {
        const users = Object.entries(edit).map(([user, r]) => ({ user, roles: r }));
        const text = crlf ? STUDIO.replaceAll('\n', '\r\n') : STUDIO;
        const result = editConfigText(text, 'a.yaml', { users });
        // Every line break of a CRLF file stays CRLF.
        if (crlf) expect(result.text.replaceAll('\r\n', '')).not.toContain('\n');
        expect(result.refused).toEqual([]);
        const before = parse(STUDIO).users as Record<string, { roles: Record<string, unknown> }>;
        for (const { user, roles: wanted } of users) {
          const read = rolesRead(result.text, user) as Record<string, unknown>;
          const expected = new Map(
            Object.entries(before[user]!.roles).map(([r, v]) => [r, scopeOf(v)]),
          );
          for (const { role, scope: s } of wanted) {
            if (s === null) expected.delete(role);
            else expected.set(role, s);
          }
          expect(new Map(Object.entries(read).map(([r, v]) => [r, scopeOf(v)]))).toEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
  });
});
