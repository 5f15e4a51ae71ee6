/**
 * `ftrack-roles/emulator`: the local ftrack-compatible server as a library, for a studio's
 * own tests (docs/emulator.md). `startEmulator` listens on 127.0.0.1 and a free port unless
 * told otherwise; the options seed it and give it a real server's limits and faults.
 */
export { startEmulator } from './index.js';
export type { Emulator, EmulatorOptions } from './index.js';
export { EmulatorError, EmulatorSetupError } from './errors.js';
export type { Fault, FaultScope } from './faults.js';
export type { EmulatorSeed, SeedScope } from './seed.js';
export type { EmulatorSnapshot } from './snapshot.js';
export type { AddRoleScope, Collation } from './server-options.js';
