import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { caseClashes } from './collation.js';
import { EmulatorSetupError } from './errors.js';
import { loadState, saveState } from './persist.js';
import { loadSeed, readSeedFile, type EmulatorSeed } from './seed.js';
import { checkServerOptions, type ServerOptions } from './server-options.js';
import { EmulatorState } from './state.js';

/** Where the emulator's data comes from. */
export interface StateOptions extends ServerOptions {
  /** A parsed seed (product-spec §6 shape); or */
  seed?: EmulatorSeed;
  /** a YAML/JSON seed file. Used only when there is no state file yet. */
  seedFile?: string;
  /** Persisted after every committed write (atomic write); loaded at start if it exists. */
  stateFile?: string;
}

/**
 * Builds the state: the state file if it exists, otherwise the seed (then written as the
 * first state). Checks the options; under a case-insensitive collation, refuses names that
 * differ only in case, as such a server could not hold them.
 */
export function prepareState(options: StateOptions): EmulatorState {
  if (options.seed !== undefined && options.seedFile !== undefined) {
    throw new EmulatorSetupError('Give either a seed or a seed file, not both.');
  }
  checkServerOptions(options);
  const loaded = options.stateFile === undefined ? undefined : loadState(options.stateFile);
  const state = loaded ?? seededState(options);
  const clashes = options.collation === 'case-insensitive' ? caseClashes(state.store) : [];
  if (clashes.length > 0) {
    throw new EmulatorSetupError(
      `Names that differ only in case cannot coexist under the case-insensitive collation: ${clashes.join('; ')}.`,
    );
  }
  if (loaded === undefined && options.stateFile !== undefined)
    writeFirstState(options.stateFile, state);
  return state;
}

function seededState(options: StateOptions): EmulatorState {
  const state = new EmulatorState();
  if (options.seedFile !== undefined)
    loadSeed(state, readSeedFile(options.seedFile), options.seedFile);
  else if (options.seed !== undefined) loadSeed(state, options.seed, 'seed');
  return state;
}

function writeFirstState(file: string, state: EmulatorState): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    saveState(file, state);
  } catch (error) {
    throw new EmulatorSetupError(
      `Cannot write the emulator state file ${file}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
