import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/** Placeholder registration; replaced by the foundation work (issue 2). */
export function registerValidateCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  program
    .command('validate')
    .description('Check desired-state files offline: schema and rules, no server.')
    .argument('[paths...]', 'files or directories', ['access'])
    .action(() => {
      io.stderr('validate: not implemented yet\n');
      setExit(1);
    });
}
