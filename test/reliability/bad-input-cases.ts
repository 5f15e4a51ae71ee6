import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedDiagnostic } from './helpers.js';

/**
 * Hostile and plan-time invalid inputs, on top of test/fixtures/invalid. They are written to
 * a temp directory by the test (so that no invalid YAML lives in the formatted tree).
 * `config` cases fail in validate and in plan before any request; `plan` cases pass
 * validate and fail in plan after reads only (the example studio's seed).
 */
export interface BadInputCase {
  name: string;
  stage: 'config' | 'plan';
  files: Record<string, string | Uint8Array>;
  paths?: string[];
  /** Extra file-system setup (pipes, symlinks). */
  setup?: (dir: string) => void;
  diagnostics: ParsedDiagnostic[];
}

const err = (code: string, file: string | null, line?: number, col?: number): ParsedDiagnostic => ({
  severity: 'error',
  code,
  file,
  line: line ?? null,
  col: col ?? null,
});

const utf16 = (text: string, bigEndian: boolean): Uint8Array => {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  if (bigEndian) le.swap16();
  return new Uint8Array(le);
};

const latin1 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));

const ANA = 'version: 1\nusers:\n  ana:\n    roles:\n      User: all-open\n';

export const CONFIG_CASES: BadInputCase[] = [
  {
    name: 'utf16-le-with-bom',
    stage: 'config',
    files: { 'access.yaml': utf16(ANA, false) },
    diagnostics: [err('FR004', 'access.yaml', 1, 1)],
  },
  {
    name: 'utf16-be-with-bom',
    stage: 'config',
    files: { 'access.yaml': utf16(ANA, true) },
    diagnostics: [err('FR004', 'access.yaml', 1, 1)],
  },
  {
    name: 'latin1-username',
    stage: 'config',
    files: { 'access.yaml': latin1('version: 1\nusers:\n  jos\u00e9:\n    roles: { User: all-open }\n') },
    diagnostics: [err('FR005', 'access.yaml', 3, 6)],
  },
  {
    name: 'huge-file',
    stage: 'config',
    files: { 'huge.yaml': `version: 1\n${'# padding padding padding padding\n'.repeat(40_000)}` },
    diagnostics: [err('FR003', 'huge.yaml', 1, 1)],
  },
  {
    name: 'tab-indentation',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\nusers:\n\tana:\n\t\troles: { User: all-open }\n' },
    diagnostics: [],
  },
  {
    name: 'unclosed-flow-sequence',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\nusers:\n  ana:\n    roles:\n      User: [nebula, harbor\n' },
    diagnostics: [],
  },
  {
    name: 'undefined-alias',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\nusers:\n  ana:\n    roles: *nope\n' },
    diagnostics: [],
  },
  {
    name: 'self-referencing-anchor',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\nusers:\n  ana: &a\n    roles: { User: *a }\n' },
    diagnostics: [],
  },
  {
    name: 'merge-key',
    stage: 'config',
    files: {
      'access.yaml':
        'version: 1\nusers:\n  ana: &base\n    roles: { User: all-open }\n  bo:\n    <<: *base\n',
    },
    diagnostics: [],
  },
  {
    name: 'proto-top-level-key',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\n__proto__:\n  polluted: true\n' },
    diagnostics: [],
  },
  {
    name: 'proto-role-scope',
    stage: 'config',
    files: {
      'access.yaml': 'version: 1\nusers:\n  ana:\n    roles:\n      User: { __proto__: { all_open: true } }\n',
    },
    diagnostics: [],
  },
  {
    name: 'overflowing-number',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\nsettings:\n  max_removals: 1e400\n' },
    diagnostics: [],
  },
  {
    name: 'fractional-max-removals',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\nsettings:\n  max_removals: 2.5\n' },
    diagnostics: [],
  },
  {
    name: 'version-as-string',
    stage: 'config',
    files: { 'access.yaml': "version: '1'\n" },
    diagnostics: [],
  },
  {
    name: 'bidi-control-in-username',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\nusers:\n  "ana\u202e":\n    roles: { User: all-open }\n' },
    diagnostics: [],
  },
  {
    name: 'crlf-line-endings',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\r\nusers:\r\n  ana:\r\n    roles:\r\n      User: all-opn\r\n' },
    diagnostics: [],
  },
  {
    name: 'implicit-key-too-long',
    stage: 'config',
    files: { 'access.yaml': `version: 1\nusers:\n  ${'a'.repeat(2000)}: { roles: { User: all-open } }\n` },
    diagnostics: [],
  },
  {
    name: 'binary-tag',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\nusers:\n  ana:\n    roles:\n      User: !!binary aGVsbG8=\n' },
    diagnostics: [],
  },
  {
    name: 'all-open-as-string',
    stage: 'config',
    files: {
      'access.yaml': "version: 1\nusers:\n  ana:\n    roles:\n      User: { all_open: 'yes' }\n",
    },
    diagnostics: [],
  },
  {
    name: 'json-file-with-error',
    stage: 'config',
    files: { 'access.yml': '{"version": 1, "users": {"ana": {"roles": {"User": 3}}}}\n' },
    diagnostics: [],
  },
  {
    name: 'named-pipe',
    stage: 'config',
    files: {},
    paths: ['pipe.yaml'],
    setup: (dir) => execFileSync('mkfifo', [join(dir, 'pipe.yaml')]),
    diagnostics: [err('FR006', 'pipe.yaml', 1, 1)],
  },
  {
    name: 'symlink-loop-only',
    stage: 'config',
    files: {},
    paths: ['cfg'],
    setup: (dir) => {
      mkdirSync(join(dir, 'cfg'));
      symlinkSync('.', join(dir, 'cfg/loop'));
    },
    diagnostics: [err('FR002', null)],
  },
];

const user = (name: string, roles: string) =>
  `version: 1\nusers:\n  ${name}:\n    roles:\n      ${roles}\n`;

export const PLAN_CASES: BadInputCase[] = [
  {
    name: 'plan-unknown-user',
    stage: 'plan',
    files: { 'access.yaml': user('anna', 'User: all-open') },
    diagnostics: [],
  },
  {
    name: 'plan-unknown-role',
    stage: 'plan',
    files: { 'access.yaml': user('ana', 'Superviser: [nebula]') },
    diagnostics: [],
  },
  {
    name: 'plan-unknown-project',
    stage: 'plan',
    files: { 'access.yaml': user('ana', 'User: [nebulla]') },
    diagnostics: [],
  },
  {
    name: 'plan-api-role-given',
    stage: 'plan',
    files: { 'access.yaml': user('ana', 'API: all-open') },
    diagnostics: [],
  },
  {
    name: 'plan-assigned-role-on-private-project',
    stage: 'plan',
    files: { 'access.yaml': user('jules', 'Restricted User: [falcon]') },
    diagnostics: [],
  },
  {
    name: 'plan-unknown-ftrack-group',
    stage: 'plan',
    files: {
      'access.yaml':
        'version: 1\ngroups:\n  light:\n    ftrack_group: Lightning\n    roles:\n      User: all-open\n',
    },
    diagnostics: [],
  },
  {
    name: 'plan-unknown-group-member',
    stage: 'plan',
    files: {
      'access.yaml':
        'version: 1\ngroups:\n  light:\n    members: [ana, nobody]\n    roles:\n      User: all-open\n',
    },
    diagnostics: [],
  },
  {
    name: 'plan-unknown-project-in-group',
    stage: 'plan',
    files: {
      'access.yaml':
        'version: 1\ngroups:\n  light:\n    members: [ana]\n    roles:\n      User: [atlantis]\n',
    },
    diagnostics: [],
  },
  {
    name: 'plan-everything-unknown-at-once',
    stage: 'plan',
    files: {
      'a.yaml': user('anna', 'User: all-open'),
      'b.yaml': user('bo', 'Reviwer: [ember]'),
      'c.yaml': user('chen', 'User: [embr, nebula]'),
    },
    diagnostics: [],
  },
  {
    name: 'plan-scope-object-unknown-project',
    stage: 'plan',
    files: { 'access.yaml': user('hana', 'Reviewer: { all_open: true, projects: [falcn] }') },
    diagnostics: [],
  },
];
