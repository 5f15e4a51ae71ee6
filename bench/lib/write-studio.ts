import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Studio } from './generate-studio.js';
import { buildEmulatorSeed, renderDesiredFiles } from './render-studio.js';

export interface StudioFiles {
  dir: string;
  seedFile: string;
  /** The config directory, relative to `dir`. */
  configDir: string;
}

/** Writes the emulator seed (JSON) and the desired files of a studio under `dir`. */
export function writeStudio(studio: Studio, dir: string): StudioFiles {
  mkdirSync(dir, { recursive: true });
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(buildEmulatorSeed(studio)));
  for (const file of renderDesiredFiles(studio)) {
    const path = join(dir, 'access', file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
  }
  return { dir, seedFile, configDir: 'access' };
}
