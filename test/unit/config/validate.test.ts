import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../../src/config/yaml/parse.js';
import { validateConfig } from '../../../src/config/validate.js';
import { yaml } from './helpers.js';

function problems(text: string) {
  const parsed = parseConfigFile({ path: 'f.yaml', text });
  if (parsed.document === undefined) throw new Error('does not parse');
  return validateConfig(parsed.document).diagnostics.map(
    (d) => `${d.source!.line}:${d.source!.col} ${d.code} ${d.summary} | ${d.hint}`,
  );
}

describe('validateConfig (schema → diagnostics)', () => {
  it('accepts every form of scope and every section', () => {
    const parsed = parseConfigFile({
      path: 'f.yaml',
      text: yaml(
        'version: 1',
        'settings: { manage: all, ignore_users: [root], protected: [{ role: A, min_holders: 2 }], max_removals: 0 }',
        'roles: { A: { description: x, retired: false } }',
        'groups:',
        '  g: { members: [ana], roles: { A: all-open } }',
        '  h: { ftrack_group: Lighting, include_subgroups: true, roles: { A: [x, "y_*"] } }',
        'users:',
        '  ana: { roles: { A: { all_open: true, projects: [p] }, B: { projects: [] }, C: [] } }',
      ),
    });
    const result = validateConfig(parsed.document!);
    expect(result.diagnostics).toEqual([]);
    expect(result.document?.data.users?.['ana']?.roles['A']).toEqual({
      all_open: true,
      projects: ['p'],
    });
  });

  it('suggests the key meant by a typo and lists the allowed keys', () => {
    expect(
      problems(yaml('version: 1', 'users:', '  ana:', '    rolse: {}', '    roles: {}')),
    ).toEqual([
      "4:5 FR201 unknown key 'rolse' (did you mean 'roles'?) | allowed keys in users.ana: roles",
    ]);
  });

  it('tells that roles go under roles: when a role is written directly under a user', () => {
    expect(
      problems(yaml('version: 1', 'users:', '  ana:', '    roles: {}', '    Supervisor: all-open')),
    ).toEqual([
      "5:5 FR201 unknown key 'Supervisor' | roles go under 'roles:' (allowed keys in users.ana: roles)",
    ]);
  });

  it('explains an invalid scope once, with the forms it may take', () => {
    const [line, ...rest] = problems(
      yaml('version: 1', 'users:', '  ana:', '    roles:', '      User: 7'),
    );
    expect(rest).toEqual([]);
    expect(line).toBe(
      "5:13 FR206 invalid scope for role 'User' of user 'ana': found the number 7 | write all-open, a list of projects such as [nebula, 'show_*'], or { all_open: true, projects: [falcon] }",
    );
  });

  it('asks to quote project names that YAML reads as numbers or booleans', () => {
    expect(
      problems(yaml('version: 1', 'users:', '  ana: { roles: { User: [2024, true] } }')),
    ).toEqual([
      "3:26 FR203 users.ana.roles.User[0] must be a string, found the number 2024 | quote the value: '2024'",
      "3:32 FR203 users.ana.roles.User[1] must be a string, found true | quote the value: 'true'",
    ]);
  });

  it('reports a missing version at the top and an unsupported one at its value', () => {
    expect(problems('users: {}\n')).toEqual([
      "1:1 FR202 missing key 'version' in the top level of the file | add 'version: 1' at the top of the file",
    ]);
    expect(problems('version: "1"\n')).toEqual([
      '1:10 FR205 unsupported format version "1"; this ftrack-roles reads version 1 | write \'version: 1\', or upgrade ftrack-roles',
    ]);
  });

  it('reports members and ftrack_group together, and include_subgroups alone', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'groups:',
          '  a: { members: [x], ftrack_group: X, roles: {} }',
          '  b: { members: [x], include_subgroups: true, roles: {} }',
        ),
      ).map((p) => p.split(' |')[0]),
    ).toEqual([
      "3:22 FR209 group 'a' has both 'members' and 'ftrack_group'",
      "4:22 FR210 'include_subgroups' needs 'ftrack_group' in groups.b",
    ]);
  });

  it('reports padded names at their key and empty names at their value', () => {
    expect(
      problems(yaml('version: 1', 'users:', "  ' ana': { roles: {} }")).map(
        (p) => p.split(' |')[0],
      ),
    ).toEqual(['3:3 FR207 invalid name " ana" in users']);
    expect(
      problems(yaml('version: 1', 'users:', "  ana: { roles: { User: [''] } }")).map(
        (p) => p.split(' |')[0],
      ),
    ).toEqual(['3:26 FR207 invalid name "" in users.ana.roles.User']);
  });

  it('reports enum and range violations with the allowed values', () => {
    expect(
      problems(yaml('version: 1', 'settings: { manage: Declared, max_removals: -2 }')),
    ).toEqual([
      "2:21 FR204 invalid value 'Declared' for settings.manage (did you mean 'declared'?) | expected one of: owned, declared, all",
      '2:45 FR208 settings.max_removals must be >= 0, found the number -2 | write a number >= 0',
    ]);
  });
});
