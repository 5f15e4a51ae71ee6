import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Studio } from './generate-studio.js';
import { buildEmulatorSeed, renderDesiredFiles, type DesiredFile } from './render-studio.js';

/** How the desired files are laid out: split across files, or all in one `users.yaml`. */
export type Layout = 'split' | 'one file';

export const LAYOUTS: readonly Layout[] = ['split', 'one file'];

export interface StudioFiles {
  dir: string;
  seedFile: string;
  /** The config directory of each layout, relative to `dir`. */
  configDirs: Record<Layout, string>;
}

function writeFiles(dir: string, files: DesiredFile[]): void {
  for (const file of files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
  }
}

/**
 * Writes the emulator seed (JSON) and the desired files of a studio under `dir`, in both
 * layouts: split in `access/`, one file in `access-one-file/` (the same users and roles).
 */
export function writeStudio(studio: Studio, dir: string): StudioFiles {
  mkdirSync(dir, { recursive: true });
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(buildEmulatorSeed(studio)));
  const configDirs: Record<Layout, string> = { split: 'access', 'one file': 'access-one-file' };
  writeFiles(join(dir, configDirs.split), renderDesiredFiles(studio));
  writeFiles(join(dir, configDirs['one file']), renderDesiredFiles(studio, { oneFile: true }));
  return { dir, seedFile, configDirs };
}
