import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_AUDIT_LOG } from '../../apply/audit-log.js';
import { FORMATS } from '../../render/formats.js';
import { DEFAULT_MANY_USERS } from '../../report/access-review-types.js';
import { addConfigOptions } from '../config-flags.js';
import { addConnectionOptions } from '../connection-flags.js';
import type { CliIo } from '../io.js';
import type { ReportCliOptions } from './options.js';
import { outExtensions } from './report-outputs.js';

// The action's module (the audit pipeline, git, the session) is loaded only when `report`
// runs, so other commands and --help start fast.

const EXAMPLES = `
Examples:
  $ ftrack-roles report --out review.json           # the access review of $FTRACK_SERVER
  $ ftrack-roles report access/ --format csv --out review.csv
  $ ftrack-roles report --out review.json --out review.csv --out review.html  # one read
  $ ftrack-roles report --out review.json --reviewer "Jane Doe"   # sign it off
  $ ftrack-roles report --format json | jq '.summary.exceptions'

For every user and project of the server: who reaches it, with which role, through all
open projects or a named grant, and why (file:line, config group, ftrack group, and the
commit, author and date that last changed the line when the files are in git). Exceptions:
drift, undeclared holders, inactive users with roles, holders of protected roles, grants
ending within expiry_warning_days, protected roles on all open projects, private projects
reached by more than --many-users users. The JSON is documented in docs/report.md.

Each --out is written in the format of its extension (${outExtensions()}); --format
given with a single --out decides its format instead. The HTML page is self-contained (no
network) and prints to PDF. --reviewer NAME records the sign-off after the files are
written: a line in the audit log (time, reviewer, report digest = sha256 of the JSON,
counts) and a snapshot of the users and grants beside it (reviews/). Every report shows the last review
recorded for its server in that log (last_review) and the users and grants added or
removed since; keep the audit log (and its reviews/ folder) where the next report finds it.

Exit status: 0 the report was written (and signed), 1 error (invalid config or option,
server or network error, a file or the audit log that cannot be written).
`;

/** A `--many-users` value: a whole number, 0 or more. */
function parseManyUsers(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a whole number of users, 0 or more.');
  }
  return Number(value);
}

/** Control characters, line and paragraph separators, and the marks that reorder text. */
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** A `--reviewer` value: a name, trimmed, on one line, without control characters. */
function parseReviewer(value: string): string {
  const name = value.trim();
  if (name === '') throw new InvalidArgumentError("expected the reviewer's name; it is empty.");
  if (UNPRINTABLE.test(name)) {
    throw new InvalidArgumentError(
      "expected the reviewer's name on one line, without control characters (line breaks, tabs, escapes, direction marks).",
    );
  }
  if (name.length > 200) {
    throw new InvalidArgumentError("expected the reviewer's name, at most 200 characters.");
  }
  return name;
}

/** `--out` may be given several times. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `ftrack-roles report [PATH...]`: the access review of the server as it is now. */
export function registerReportCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('report')
    .description(
      'Write an access review of the ftrack server as it is now: who can reach every project, with which role, why (file:line, group, git commit), and the exceptions an auditor looks for. Read-only; --reviewer records the sign-off in the audit log.',
    )
    .argument(
      '[paths...]',
      'config files or directories, searched for *.yaml/*.yml (default: access)',
    )
    .addOption(
      new Option(
        '--format <format>',
        "output format (default: json, or the --out file's extension)",
      ).choices(FORMATS.accessReview),
    )
    .option(
      '--out <file>',
      `write the report to this file (atomically) instead of stdout; repeat it to write several views of one review, each in the format of its extension (${outExtensions()})`,
      collect,
    )
    .option(
      '--many-users <n>',
      'flag private projects reached by more than this many users',
      parseManyUsers,
      DEFAULT_MANY_USERS,
    )
    .option(
      '--reviewer <name>',
      'sign the review off: after writing the report, record in the audit log who reviewed it, its digest and counts (and a snapshot of its grants beside the log)',
      parseReviewer,
    )
    .option(
      '--audit-log <file>',
      `the audit log where the sign-off is recorded and the last review is found (default: ${DEFAULT_AUDIT_LOG})`,
    );
  addConfigOptions(addConnectionOptions(command))
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[] | undefined, options: ReportCliOptions) => {
      const { runReportCommand } = await import('./report-action.js');
      await runReportCommand(io, paths ?? [], options, setExit);
    });
}
