import { fileURLToPath } from 'node:url';

/**
 * The repository root. The bench code runs compiled from `dist/bench/lib/`, three levels
 * below the root (and from `bench/lib/` under vitest, two levels below).
 */
export const REPO_ROOT = fileURLToPath(
  new URL(import.meta.url.includes('/dist/bench/') ? '../../../' : '../../', import.meta.url),
);

/** The built CLI that is measured. */
export const CLI_BIN = `${REPO_ROOT}dist/cli/bin.js`;

/** The built emulator module, loaded by the emulator host process. */
export const EMULATOR_MODULE = `${REPO_ROOT}dist/emulator/index.js`;
