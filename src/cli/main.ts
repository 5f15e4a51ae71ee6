import { Command, CommanderError } from 'commander';
import { FtrackRolesError } from '../diagnostics/index.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { Secrets, type CliIo } from './io.js';
import { README_PATH, VERSION } from './version.js';
// Command registrations: one module per command in ./commands/.
import { registerValidateCommand } from './commands/validate.js';
import { registerEmulatorCommand } from './commands/emulator.js';
import { registerPlanCommand } from './commands/plan.js';
import { registerApplyCommand } from './commands/apply.js';
import { registerExportCommand } from './commands/export.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerDriftCommand } from './commands/drift.js';
import { registerCatalogCommand } from './commands/catalog.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerAdoptCommand } from './commands/adopt.js';
import { registerShowCommand } from './commands/show.js';
import { registerReportCommand } from './commands/report.js';

export type CommandRegistrar = (
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
) => void;

const registrars: CommandRegistrar[] = [
  registerValidateCommand,
  registerEmulatorCommand,
  registerPlanCommand,
  registerApplyCommand,
  registerShowCommand,
  registerDriftCommand,
  registerExportCommand,
  registerExplainCommand,
  registerCatalogCommand,
  registerDoctorCommand,
  registerAdoptCommand,
  registerReportCommand,
  // further commands are added here
];

/** The end of the top-level help: three examples and where the docs are. */
const PROGRAM_HELP_END = `
Examples:
  $ ftrack-roles validate access                    # check the files, no server needed
  $ ftrack-roles plan access                        # what would change on $FTRACK_SERVER
  $ ftrack-roles apply access                       # change it, after a confirmation

Every command has its own --help. Docs: ${README_PATH} (the README of this package),
and the docs/ folder of the ftrack-roles repository.
`;

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('ftrack-roles')
    .description('Manage ftrack security roles as code: validate, plan, apply and detect drift.')
    .version(VERSION, '-v, --version', 'print the version (also -V and `ftrack-roles version`)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText('after', PROGRAM_HELP_END)
    .exitOverride();
  for (const register of registrars) register(program, io, setExit);
  program
    .command('version')
    .description('Print the version of ftrack-roles (as --version and -v do).')
    .addHelpText('after', `\nExample:\n  $ ftrack-roles version\n  ${VERSION}\n`)
    .action(() => io.stdout(`${VERSION}\n`));
  for (const command of program.commands) {
    command.configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).exitOverride();
  }
  return program;
}

/** Runs one command line and resolves to its exit code. Never calls process.exit. */
export async function runCli(argv: readonly string[], given: CliIo): Promise<number> {
  // The key of the environment is known at once; a key file's once it is read
  // (connectionFromOptions). No output shows either.
  const secrets = new Secrets();
  secrets.add(given.env['FTRACK_API_KEY']);
  const io: CliIo = {
    ...given,
    stdout: (text) => given.stdout(secrets.redact(text)),
    stderr: (text) => given.stderr(secrets.redact(text)),
    secrets,
  };
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  // -V, the version flag of 0.1.0, still prints the version.
  const args = argv.length === 1 && argv[0] === '-V' ? ['--version'] : [...argv];
  try {
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    if (error instanceof FtrackRolesError) {
      io.stderr(`Error: ${error.message}\n`);
    } else {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      io.stderr(`Internal error (please report it): ${message}\n`);
    }
    return exitCodeFor(error);
  }
}
