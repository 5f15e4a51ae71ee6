import { Option, type Command } from 'commander';
import { FORMATS } from '../../render/formats.js';
import { addConfigOptions } from '../config-flags.js';
import { addConnectionOptions } from '../connection-flags.js';
import type { CliIo } from '../io.js';
import type { DriftCliOptions } from './options.js';

// The action's module (the audit pipeline, the session, the report) is loaded only when
// `drift` runs, so other commands and --help start fast.

const EXAMPLES = `
Examples:
  $ ftrack-roles drift                              # checks ./access against $FTRACK_SERVER
  $ ftrack-roles drift access/ --format markdown > drift.md
  $ ftrack-roles drift --format json | jq '.summary'

Each difference is classified: not-applied (desired, missing on the server),
changed-on-server (held, not desired), inactive-user, unknown-user (declared, not on the
server), closed-project, deleted-project (named in the config, not on the server). Users
outside the managed set who hold roles are listed as unmanaged (information, not drift).

Exit status: 0 in sync, 2 drift found, 1 error (invalid config, server or network error).
`;

/** `ftrack-roles drift [PATH...]`: the plan seen as an audit report, for a cron job. */
export function registerDriftCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('drift')
    .description(
      'Report how the ftrack server differs from the desired state, each difference classified (not applied, changed on the server, inactive or unknown user, closed or deleted project). Read-only; exit 2 on drift.',
    )
    .argument(
      '[paths...]',
      'config files or directories, searched for *.yaml/*.yml (default: access)',
    )
    .addOption(
      new Option('--format <format>', 'output format on stdout')
        .choices(FORMATS.drift)
        .default('text'),
    );
  addConfigOptions(addConnectionOptions(command))
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[] | undefined, options: DriftCliOptions) => {
      const { runDriftCommand } = await import('./drift-action.js');
      await runDriftCommand(io, paths ?? [], options, setExit);
    });
}
