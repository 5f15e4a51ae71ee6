import { InvalidArgumentError, type Command } from 'commander';
import type { CliIo } from '../io.js';
import { addEmulatorLimitOptions, type EmulatorLimitCliOptions } from './emulator-options.js';
import type { EmulatorCommandOptions } from './options.js';

// The action's module (the emulator: store, query engine, HTTP server) is loaded only
// when `emulator` runs, so other commands and --help start fast.

const EXAMPLE = `
Example:
  $ ftrack-roles emulator --port 8080 --seed examples/studio/seed.yaml --state .ftrack-roles/emulator.json
  listening on http://127.0.0.1:8080

  Then point the CLI at it:
  $ FTRACK_SERVER=http://127.0.0.1:8080 FTRACK_API_USER=svc-access FTRACK_API_KEY=local-demo-key \\
      ftrack-roles plan examples/studio/access

  Like a real server with limits (docs/emulator.md, "Limits and unknowns"):
  $ ftrack-roles emulator --page-size-limit 100 --rate-limit 20 --collation case-insensitive
  listening on http://127.0.0.1:41234
  non-default options: --page-size-limit 100 --rate-limit 20 --collation case-insensitive
`;

/** `ftrack-roles emulator`: a local, strict ftrack-compatible server (product-spec §6). */
export function registerEmulatorCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('emulator')
    .description(
      'Run a local ftrack-compatible server (POST /api) for tests, demos and sandboxes. ' +
        'Stops on SIGINT/SIGTERM.',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free port)', parsePort, 0)
    .option('--seed <file>', 'YAML or JSON seed: roles, projects, users (with api_key), groups')
    .option('--state <file>', 'state file: loaded at start if it exists, saved after every write');
  addEmulatorLimitOptions(command)
    .addHelpText('after', EXAMPLE)
    .action(async (options: EmulatorCommandOptions & EmulatorLimitCliOptions) => {
      const { runEmulator } = await import('./emulator-action.js');
      setExit(await runEmulator(options, io));
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535');
  }
  return port;
}
