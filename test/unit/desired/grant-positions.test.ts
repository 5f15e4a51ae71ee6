import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate.js';
import { parseConfigText } from '../../../src/config/yaml/index.js';
import { buildDesiredState } from '../../../src/desired/build-desired-state.js';
import type { DesiredState } from '../../../src/desired/types.js';
import type { ValidatedDocument } from '../../../src/model/document.js';
import { documentsOf, yaml, type Files } from '../config/helpers.js';

/** Documents read by the fast path: positions found by node (`locateEntry`). */
function fastDocuments(files: Files): ValidatedDocument[] {
  return Object.entries(files).map(([path, text]) => {
    const bytes = new TextEncoder().encode(text);
    const parsed = parseConfigText({ path, text, bytes });
    if (parsed.document?.locateEntry === undefined) throw new Error(`${path}: not fast`);
    const validated = validateConfig(parsed.document);
    if (validated.document === undefined) throw new Error(JSON.stringify(validated.diagnostics));
    return validated.document;
  });
}

/** The whole desired state as plain data: maps and project sources as entry lists. */
function plain(value: unknown): unknown {
  if (value instanceof Map || (typeof value === 'object' && value !== null && 'entries' in value)) {
    const entries = (value as ReadonlyMap<unknown, unknown>).entries();
    return [...entries].map(([k, v]) => [k, plain(v)]);
  }
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** The desired state built from fast-path documents equals the one built by paths. */
function expectSameState(files: Files): DesiredState {
  const options = { configDigest: 'sha256:test' };
  const byNode = buildDesiredState(fastDocuments(files), options);
  const byPath = buildDesiredState(documentsOf(files), options);
  expect(plain(byNode)).toEqual(plain(byPath));
  return byNode;
}

const FILES: Files = {
  'groups.yaml': yaml(
    'version: 1',
    'groups:',
    '  lighting:',
    '    members: [ana, bo]',
    '    roles:',
    '      User: [nebula, harbor]',
    '      Lead: { all_open: true, projects: [falcon], until: 2031-01-31 }',
    '  leads:',
    '    members: [ana]',
    '    roles: { User: all-open, Lead: { projects: [nebula] } }',
  ),
  'users.yaml': yaml(
    'version: 1',
    'users:',
    '  ana:',
    '    roles:',
    "      User: [falcon, 'show_*', falcon]",
    '      Lead: { all_open: true, until: 2030-06-30 }',
    '      Z: all-open',
    '      A: { all_open: false, projects: [] }',
    '  zed:',
    '    roles: {}',
    '  bo:',
    '    roles:',
    '      Lead:',
    '        - harbor',
    '        - "nebula"',
  ),
};

describe('GrantPositions', () => {
  it('gives the sources that locating by path gives (users, groups, scopes, until)', () => {
    const desired = expectSameState(FILES);
    const ana = desired.users.get('ana')!;
    // The grants' map is sorted, whatever the order in the file.
    expect([...ana.roles.keys()]).toEqual(['A', 'Lead', 'User', 'Z']);
  });

  it('agrees on the fixtures of valid configs', () => {
    const root = join(import.meta.dirname, '../../fixtures/valid');
    for (const dir of readdirSync(root)) {
      const files: Files = {};
      for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        files[path.slice(root.length + 1)] = readFileSync(path, 'utf8');
      }
      if (dir === 'anchors') continue; // the yaml path only: no positions by node
      expectSameState(files);
    }
  });

  it('agrees on random configs', () => {
    const name = fc.constantFrom('ana', 'bo', 'cy', 'dee', 'eli');
    const role = fc.constantFrom('User', 'Lead', 'Admin', 'Rev', 'QA', 'Ops', 'Art', 'Dev', 'X');
    const project = fc.constantFrom('nebula', 'harbor', 'falcon', 'show_*', 'atlas');
    const list = fc.array(project, { maxLength: 4 }).map((p) => `[${p.join(', ')}]`);
    const scope = fc.oneof(
      fc.constant('all-open'),
      list,
      fc
        .tuple(fc.boolean(), list, fc.boolean())
        .map(
          ([open, p, until]) =>
            `{ all_open: ${open}, projects: ${p}${until ? ', until: 2031-02-03' : ''} }`,
        ),
    );
    const roles = fc.uniqueArray(fc.tuple(role, scope), { maxLength: 9, selector: ([r]) => r });
    const entry = (lines: [string, string][]) =>
      lines.length === 0 ? ' {}' : lines.map(([r, s]) => `\n      ${r}: ${s}`).join('');
    const users = fc.uniqueArray(fc.tuple(name, roles), { minLength: 1, selector: ([n]) => n });
    const group = fc.tuple(fc.array(name, { maxLength: 3 }), roles);
    fc.assert(
      fc.property(users, group, (entries, [members, grants]) => {
        const body = entries.map(([user, r]) => `  ${user}:\n    roles:${entry(r)}`);
        const groups = ['version: 1', 'groups:', '  team:', `    members: [${members.join(', ')}]`];
        expectSameState({
          'users.yaml': `version: 1\nusers:\n${body.join('\n')}\n`,
          'groups.yaml': `${groups.join('\n')}\n    roles:${entry(grants)}\n`,
        });
      }),
      { numRuns: 300 },
    );
  });
});
