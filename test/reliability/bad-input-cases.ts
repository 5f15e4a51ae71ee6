import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync } from 'node:fs';
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

const warn = (
  code: string,
  file: string | null,
  line?: number,
  col?: number,
): ParsedDiagnostic => ({
  severity: 'warning',
  code,
  file,
  line: line ?? null,
  col: col ?? null,
});

const latin1 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));

const ANA = 'version: 1\nusers:\n  ana:\n    roles:\n      User: all-open\n';

/** A valid one-file config of 18,000 users (about 1.1 MB, over the former limit), then the lines of a case. */
const MANY_USERS = `version: 1\nusers:\n${Array.from(
  { length: 18_000 },
  (_, i) => `  user-${i}:\n    roles: { User: all-open, Lead: [nebula] }\n`,
).join('')}`;
const MANY_USERS_LINES = 2 + 2 * 18_000;
/** Nine levels of nine aliases each (9^9 values), under the last user. */
const BOMB = [
  '  last:',
  '    roles: { User: &a [x, x, x, x, x, x, x, x, x] }',
  ...'bcdefghi'.split('').map((name, i) => {
    const previous = 'abcdefgh'[i]!;
    return `  ${name}: { roles: { User: &${name} [${Array(9).fill(`*${previous}`).join(', ')}] } }`;
  }),
  '',
].join('\n');

export const CONFIG_CASES: BadInputCase[] = [
  {
    name: 'utf16-le-with-bom',
    stage: 'config',
    files: { 'access.yaml': utf16(ANA, false) },
    diagnostics: [err('FR004', 'access.yaml', 1, 4)],
  },
  {
    name: 'utf16-be-with-bom',
    stage: 'config',
    files: { 'access.yaml': utf16(ANA, true) },
    diagnostics: [err('FR004', 'access.yaml', 1, 3)],
  },
  {
    name: 'latin1-username',
    stage: 'config',
    files: {
      'access.yaml': latin1('version: 1\nusers:\n  jos\u00e9:\n    roles: { User: all-open }\n'),
    },
    diagnostics: [err('FR005', 'access.yaml', 3, 6)],
  },
  {
    name: 'huge-file',
    stage: 'config',
    files: { 'huge.yaml': 'version: 1\n' },
    // Over the 64 MiB limit; sparse, and never read.
    setup: (dir) => truncateSync(join(dir, 'huge.yaml'), 64 * 1024 * 1024 + 1),
    diagnostics: [err('FR003', 'huge.yaml', 1, 1)],
  },
  {
    name: 'tab-indentation',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\nusers:\n\tana:\n\t\troles: { User: all-open }\n' },
    diagnostics: [err('FR101', 'access.yaml', 3, 1), err('FR101', 'access.yaml', 4, 1)],
  },
  {
    name: 'unclosed-flow-sequence',
    stage: 'config',
    files: {
      'access.yaml': 'version: 1\nusers:\n  ana:\n    roles:\n      User: [nebula, harbor\n',
    },
    diagnostics: [err('FR101', 'access.yaml', 6, 1)],
  },
  {
    name: 'undefined-alias',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\nusers:\n  ana:\n    roles: *nope\n' },
    diagnostics: [err('FR101', 'access.yaml', 4, 12)],
  },
  {
    name: 'self-referencing-anchor',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\nusers:\n  ana: &a\n    roles: { User: *a }\n' },
    diagnostics: [err('FR201', 'access.yaml', 4, 5)],
  },
  {
    name: 'merge-key',
    stage: 'config',
    files: {
      'access.yaml':
        'version: 1\nusers:\n  ana: &base\n    roles: { User: all-open }\n  bo:\n    <<: *base\n',
    },
    diagnostics: [err('FR202', 'access.yaml', 5, 3), err('FR201', 'access.yaml', 6, 5)],
  },
  {
    name: 'proto-top-level-key',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\n__proto__:\n  polluted: true\n' },
    diagnostics: [err('FR201', 'access.yaml', 2, 1)],
  },
  {
    name: 'proto-role-scope',
    stage: 'config',
    files: {
      'access.yaml':
        'version: 1\nusers:\n  ana:\n    roles:\n      User: { __proto__: { all_open: true } }\n',
    },
    diagnostics: [err('FR201', 'access.yaml', 5, 15)],
  },
  {
    name: 'overflowing-number',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\nsettings:\n  max_removals: 1e400\n' },
    diagnostics: [err('FR203', 'access.yaml', 3, 17)],
  },
  {
    name: 'fractional-max-removals',
    stage: 'config',
    files: { 'access.yaml': 'version: 1\nsettings:\n  max_removals: 2.5\n' },
    diagnostics: [err('FR203', 'access.yaml', 3, 17)],
  },
  {
    name: 'version-as-string',
    stage: 'config',
    files: { 'access.yaml': "version: '1'\n" },
    diagnostics: [err('FR205', 'access.yaml', 1, 10)],
  },
  {
    name: 'plan-bidi-control-in-username',
    stage: 'plan',
    files: { 'access.yaml': 'version: 1\nusers:\n  "ana\u202e":\n    roles: { User: all-open }\n' },
    // Also a look-alike of the server's `ana` (issue 23, item 6).
    diagnostics: [err('FR401', 'access.yaml', 3, 3), warn('FR413', 'access.yaml', 3, 3)],
  },
  {
    name: 'crlf-line-endings',
    stage: 'config',
    files: {
      'access.yaml': 'version: 1\r\nusers:\r\n  ana:\r\n    roles:\r\n      User: all-opn\r\n',
    },
    diagnostics: [err('FR206', 'access.yaml', 5, 13)],
  },
  {
    name: 'implicit-key-too-long',
    stage: 'config',
    files: {
      'access.yaml': `version: 1\nusers:\n  ${'a'.repeat(2000)}: { roles: { User: all-open } }\n`,
    },
    diagnostics: [err('FR101', 'access.yaml', 3, 3)],
  },
  {
    name: 'binary-tag',
    stage: 'config',
    files: {
      'access.yaml': 'version: 1\nusers:\n  ana:\n    roles:\n      User: !!binary aGVsbG8=\n',
    },
    diagnostics: [warn('FR107', 'access.yaml', 5, 13), err('FR206', 'access.yaml', 5, 22)],
  },
  {
    name: 'all-open-as-string',
    stage: 'config',
    files: {
      'access.yaml': "version: 1\nusers:\n  ana:\n    roles:\n      User: { all_open: 'yes' }\n",
    },
    diagnostics: [err('FR203', 'access.yaml', 5, 25)],
  },
  {
    name: 'json-file-with-error',
    stage: 'config',
    files: { 'access.yml': '{"version": 1, "users": {"ana": {"roles": {"User": 3}}}}\n' },
    diagnostics: [err('FR206', 'access.yml', 1, 52)],
  },
  {
    name: 'omap-tag-roles',
    stage: 'config',
    files: {
      'access.yaml': 'version: 1\nusers:\n  ana:\n    roles: !!omap\n      - User: all-open\n',
    },
    diagnostics: [warn('FR107', 'access.yaml', 4, 12), err('FR203', 'access.yaml', 5, 7)],
  },
  {
    name: 'set-tag-scope',
    stage: 'config',
    files: {
      'access.yaml':
        'version: 1\nusers:\n  ana:\n    roles:\n      User: !!set { nebula, harbor }\n',
    },
    diagnostics: [
      warn('FR107', 'access.yaml', 5, 13),
      err('FR201', 'access.yaml', 5, 21),
      err('FR201', 'access.yaml', 5, 29),
    ],
  },
  {
    name: 'pairs-tag-users',
    stage: 'config',
    files: {
      'access.yaml': 'version: 1\nusers: !!pairs\n  - ana: { roles: { User: all-open } }\n',
    },
    diagnostics: [warn('FR107', 'access.yaml', 2, 8), err('FR203', 'access.yaml', 3, 3)],
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
    // The loop is found and skipped with a warning (issue 23, item 5).
    diagnostics: [err('FR002', null), warn('FR009', null)],
  },
  // The hostile-input guards hold in a large file (over the former 1 MiB limit) too.
  {
    name: 'alias-bomb-after-many-users',
    stage: 'config',
    files: { 'users.yaml': `${MANY_USERS}${BOMB}` },
    diagnostics: [err('FR103', 'users.yaml', MANY_USERS_LINES + 3, 27)],
  },
  {
    name: 'deep-nesting-after-many-users',
    stage: 'config',
    files: {
      'users.yaml': `${MANY_USERS}  last: { roles: { User: ${'['.repeat(100)}x${']'.repeat(100)} } }\n`,
    },
    diagnostics: [err('FR104', 'users.yaml', MANY_USERS_LINES + 1, 88)],
  },
];

const user = (name: string, roles: string) =>
  `version: 1\nusers:\n  ${name}:\n    roles:\n      ${roles}\n`;

export const PLAN_CASES: BadInputCase[] = [
  {
    name: 'plan-unknown-user',
    stage: 'plan',
    files: { 'access.yaml': user('anna', 'User: all-open') },
    diagnostics: [err('FR401', 'access.yaml', 3, 3)],
  },
  {
    name: 'plan-unknown-role',
    stage: 'plan',
    files: { 'access.yaml': user('ana', 'Superviser: [nebula]') },
    diagnostics: [err('FR402', 'access.yaml', 5, 7)],
  },
  {
    name: 'plan-unknown-project',
    stage: 'plan',
    files: { 'access.yaml': user('ana', 'User: [nebulla]') },
    diagnostics: [err('FR403', 'access.yaml', 5, 14)],
  },
  {
    name: 'plan-api-role-given',
    stage: 'plan',
    files: { 'access.yaml': user('ana', 'API: all-open') },
    diagnostics: [err('FR405', 'access.yaml', 5, 7)],
  },
  {
    name: 'plan-assigned-role-on-private-project',
    stage: 'plan',
    files: { 'access.yaml': user('jules', 'Restricted User: [falcon]') },
    diagnostics: [err('FR406', 'access.yaml', 5, 25)],
  },
  {
    name: 'plan-unknown-ftrack-group',
    stage: 'plan',
    files: {
      'access.yaml':
        'version: 1\ngroups:\n  light:\n    ftrack_group: Lightning\n    roles:\n      User: all-open\n',
    },
    diagnostics: [err('FR408', 'access.yaml', 4, 19)],
  },
  {
    name: 'plan-unknown-group-member',
    stage: 'plan',
    files: {
      'access.yaml':
        'version: 1\ngroups:\n  light:\n    members: [ana, nobody]\n    roles:\n      User: all-open\n',
    },
    diagnostics: [err('FR401', 'access.yaml', 4, 20)],
  },
  {
    name: 'plan-unknown-project-in-group',
    stage: 'plan',
    files: {
      'access.yaml':
        'version: 1\ngroups:\n  light:\n    members: [ana]\n    roles:\n      User: [atlantis]\n',
    },
    diagnostics: [err('FR403', 'access.yaml', 6, 14)],
  },
  {
    name: 'plan-everything-unknown-at-once',
    stage: 'plan',
    files: {
      'a.yaml': user('anna', 'User: all-open'),
      'b.yaml': user('bo', 'Reviwer: [ember]'),
      'c.yaml': user('chen', 'User: [embr, nebula]'),
    },
    diagnostics: [
      err('FR401', 'a.yaml', 3, 3),
      err('FR402', 'b.yaml', 5, 7),
      err('FR403', 'c.yaml', 5, 14),
    ],
  },
  {
    name: 'plan-scope-object-unknown-project',
    stage: 'plan',
    files: { 'access.yaml': user('hana', 'Reviewer: { all_open: true, projects: [falcn] }') },
    diagnostics: [err('FR403', 'access.yaml', 5, 46)],
  },
];
