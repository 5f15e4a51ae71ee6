import { resolve } from 'node:path';
import {
  describeServerOptions,
  EmulatorSetupError,
  startEmulator,
  type EmulatorOptions,
} from '../../emulator/index.js';
import type { CliIo } from '../io.js';
import type { EmulatorLimitCliOptions } from './emulator-options.js';
import type { EmulatorCommandOptions } from './options.js';

/** The action of `ftrack-roles emulator`, loaded only when the command runs. */
export async function runEmulator(
  cli: EmulatorCommandOptions & EmulatorLimitCliOptions,
  io: CliIo,
): Promise<number> {
  const { seed, state, ...rest } = cli;
  const options: EmulatorOptions = {
    ...rest,
    ...(seed !== undefined ? { seedFile: resolve(io.cwd, seed) } : {}),
    ...(state !== undefined ? { stateFile: resolve(io.cwd, state) } : {}),
  };
  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof EmulatorSetupError || code === 'EADDRINUSE' || code === 'EACCES') {
      io.stderr(`Error: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
  io.stdout(`listening on ${emulator.url}\n`);
  const active = describeServerOptions(options);
  if (active.length > 0) io.stdout(`non-default options: ${active.join(' ')}\n`);
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
