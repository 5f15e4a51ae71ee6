import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_AUDIT_LOG } from '../../apply/audit-log.js';
import { addConfigOptions } from '../config-flags.js';
import { addConnectionOptions } from '../connection-flags.js';
import type { CliIo } from '../io.js';
import { parseCount } from './plan.js';
import type { ApplyCommandOptions } from './apply-action.js';

// The action's module (the plan pipeline, apply, the audit trail, the session) is loaded
// only when `apply` runs, so other commands and --help start fast.

const EXAMPLES = `
Examples:
  $ ftrack-roles apply                           # plan ./access, show it, ask, apply
  $ ftrack-roles apply access/ --yes             # in CI (no terminal): --yes is required
  $ ftrack-roles apply --dry-run                 # the plan and the operations, by name; sends nothing
  $ ftrack-roles apply --yes --max-operations-per-call 1000
      # in chunks of about 1000 operations, one call each (a user is never split)
  $ ftrack-roles plan access/ --out plan.json    # review this plan, then apply exactly it:
  $ ftrack-roles apply access/ --plan plan.json --yes
      # plans access/ again: refused (exit 4) if the config or the server changed since,
      # or if the file is not exactly the plan of the config (an edited plan)
  $ ftrack-roles apply access/ --reviewed sha256:... --yes
      # plans again and applies only if the plan makes exactly the reviewed changes (the
      # digest of the plan's Markdown, or its file); else exit 4, nothing sent (docs/ci.md)

All operations go to the server in one call (one transaction): all or nothing. With
--max-operations-per-call N they go in chunks, one call each: each chunk is all or
nothing, a failed chunk stops the apply and leaves the earlier chunks applied, and the
next plan shows what remains. After the last call, the server is re-read to verify the
result; if an answer is lost, nothing is resent: the server is re-read to tell whether it
was applied. Every run appends its lines to the audit log (default ${DEFAULT_AUDIT_LOG}).

Exit status: 0 applied and verified (or nothing to do), 1 error (invalid config or plan
file, server or network error, unknown outcome, verification failed, not confirmed),
3 refused by a safety rule, 4 the saved plan is stale or does not follow from the config.
`;

/** A whole number of 1 or more. */
function parsePositive(value: string): number {
  const n = parseCount(value);
  if (n < 1) throw new InvalidArgumentError('expected a whole number (1 or more).');
  return n;
}

/** `ftrack-roles apply [PATH...] [--plan FILE]`: commit a plan in one atomic batch. */
export function registerApplyCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('apply')
    .description(
      'Apply the plan to the ftrack server in one atomic batch: plan the config (with --plan, the saved plan, applied only if planning the config again gives exactly it), show it, ask for confirmation (--yes without a terminal), send all operations in one call (or in chunks with --max-operations-per-call), then re-read the server to verify. Appends to the audit log.',
    )
    .argument(
      '[paths...]',
      'config files or directories (default: access); with --plan, the config the plan was made from',
    )
    .option(
      '--plan <file>',
      'apply this saved plan (from `plan --out`) if the config, planned again, gives exactly it',
    )
    .option(
      '--reviewed <file|digest>',
      "plan again and apply only if the plan makes exactly the changes of this reviewed plan: its file (plan --out) or its changes digest (sha256:…, in the plan's Markdown); else exit 4, nothing sent",
    )
    .option(
      '--dry-run',
      'print the plan and the operations that would be sent, by name (with ids: --format json); send nothing',
    )
    .option('--yes', 'apply without asking (required when stdin is not a terminal)')
    .option(
      '--allow-removals <n>',
      'accept more removals than settings.max_removals when N is exactly the planned number',
      parseCount,
    )
    .option(
      '--max-operations-per-call <n>',
      'send the operations in chunks of at most N operations, one call each (default: all in one call). Each chunk is all or nothing; a user is never split across chunks (one user with more than N operations gets a larger chunk); a failed chunk stops the apply, earlier chunks stay applied',
      parsePositive,
    )
    .option('--audit-log <file>', `append the audit lines to FILE (default: ${DEFAULT_AUDIT_LOG})`)
    .addOption(
      new Option('--format <format>', 'plan output format on stdout')
        .choices(['text', 'json'])
        .default('text'),
    );
  addConfigOptions(addConnectionOptions(command))
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[] | undefined, options: ApplyCommandOptions) => {
      const { runApplyCommand } = await import('./apply-action.js');
      await runApplyCommand(io, paths ?? [], options, setExit);
    });
}
