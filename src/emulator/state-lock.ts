import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { EmulatorSetupError } from './errors.js';

/**
 * One emulator per state file: `FILE.lock` holds the process id of the emulator using it.
 * A second emulator (in any process) refuses to start; a lock whose process is gone (an
 * emulator killed without stopping) is taken over.
 */
export interface StateLock {
  release(): void;
}

export function lockStateFile(stateFile: string): StateLock {
  const lock = `${stateFile}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      mkdirSync(dirname(lock), { recursive: true });
      fd = openSync(lock, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new EmulatorSetupError(
          `Cannot lock the emulator state file ${stateFile}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      const holder = readHolder(lock);
      if (holder !== undefined && isAlive(holder)) {
        throw new EmulatorSetupError(
          `The emulator state file ${stateFile} is in use by another emulator (process ${holder}): two would lose each other's changes. Stop it, or use another --state file.`,
        );
      }
      rmSync(lock, { force: true }); // its emulator is gone: take the file over
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        rmSync(lock, { force: true });
      },
    };
  }
  throw new EmulatorSetupError(
    `Cannot lock the emulator state file ${stateFile}: ${lock} keeps coming back.`,
  );
}

function readHolder(lock: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
