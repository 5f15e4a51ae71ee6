import { Option, type Command } from 'commander';
import { FORMATS, type FormatOf } from '../../render/formats.js';
import { addConnectionOptions, type ConnectionCliOptions } from '../connection-flags.js';
import type { CliIo } from '../io.js';

// The action's module (the probe, the checks) is loaded only when `doctor` runs, so other
// commands and --help start fast.

/** The options of `doctor` as commander parses them. */
export interface DoctorCliOptions extends ConnectionCliOptions {
  format: FormatOf<'doctor'>;
}

const EXAMPLES = `
Examples:
  $ ftrack-roles doctor                             # checks $FTRACK_SERVER as $FTRACK_API_USER
  $ ftrack-roles doctor --server https://studio.ftrackapp.com --api-user svc-access --api-key-file key.txt
  $ ftrack-roles doctor --format json | jq '.checks[] | select(.status != "ok")'

Read-only: nothing is changed on the server. One line per check: the URL, the proxy, the
connection and TLS, the credentials, the server version, that every entity type and
attribute ftrack-roles reads exists, that the API user holds Administrator on all open
projects, the page size, round trip, requests served at once, request body size and rate
limit the server accepts, the clock difference and how names compare; what only apply can
find out is said as such (docs/doctor.md).

Exit status: 0 everything ftrack-roles needs works (warnings allowed), 1 a check failed.
`;

/** `ftrack-roles doctor`: is this server ready for ftrack-roles? Read-only. */
export function registerDoctorCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('doctor')
    .description(
      'Check that ftrack-roles can work with an ftrack server: URL, proxy, TLS, credentials, server version and schema, the permission of the API user, and the limits of the server (page size, round trip, body size, rate limit, clock). Read-only; exit 1 when a check fails.',
    )
    .addOption(
      new Option('--format <format>', 'output format on stdout')
        .choices(FORMATS.doctor)
        .default('text'),
    );
  addConnectionOptions(command)
    .addHelpText('after', EXAMPLES)
    .action(async (options: DoctorCliOptions) => {
      const { runDoctorCommand } = await import('./doctor-action.js');
      await runDoctorCommand(io, options, setExit);
    });
}
