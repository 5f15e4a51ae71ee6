import { resolve } from 'node:path';
import { EmulatorSetupError, startEmulator } from '../../emulator/index.js';
import type { CliIo } from '../io.js';
import type { EmulatorCommandOptions } from './options.js';

/** The action of `ftrack-roles emulator`, loaded only when the command runs. */
export async function runEmulator(options: EmulatorCommandOptions, io: CliIo): Promise<number> {
  let emulator;
  try {
    emulator = await startEmulator({
      host: options.host,
      port: options.port,
      ...(options.seed !== undefined ? { seedFile: resolve(io.cwd, options.seed) } : {}),
      ...(options.state !== undefined ? { stateFile: resolve(io.cwd, options.state) } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof EmulatorSetupError || code === 'EADDRINUSE' || code === 'EACCES') {
      io.stderr(`Error: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
  io.stdout(`listening on ${emulator.url}\n`);
  const signal = await waitForStopSignal();
  io.stderr(`received ${signal}, stopping\n`);
  await emulator.stop();
  return 0;
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
