import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { EmulatorSetupError } from './errors.js';
import { entryLabel, SeedLoader } from './seed-insert.js';
import type { EmulatorSeed } from './seed-types.js';
import type { EmulatorState } from './state.js';

export type { EmulatorSeed, SeedScope } from './seed-types.js';

/** Reads and parses a YAML or JSON seed file (not yet validated). */
export function readSeedFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EmulatorSetupError(`Cannot read the seed file ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    // JSON is YAML too, but JSON.parse is much faster for big generated seeds
    if (/^\s*[{[]/.test(text)) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // not JSON after all: let the YAML parser report it
      }
    }
    return parseYaml(text) as unknown;
  } catch (error) {
    throw new EmulatorSetupError(
      `The seed file ${file} is not valid YAML/JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Validates a seed and fills an empty state with it; all problems are reported at once. */
export function loadSeed(state: EmulatorState, raw: unknown, source = 'seed'): void {
  const problems: string[] = [];
  const seed = checkSeedShape(raw, source, problems);
  if (problems.length === 0) new SeedLoader(state, source, problems).load(seed);
  if (problems.length > 0) {
    throw new EmulatorSetupError(
      `Invalid emulator seed:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

const TOP_KEYS = ['security_roles', 'projects', 'users', 'groups'];
const ENTRY_KEYS: Record<string, string[]> = {
  security_roles: ['name', 'type', 'id'],
  projects: ['name', 'full_name', 'is_private', 'status', 'id'],
  users: [
    'username',
    'api_key',
    'is_active',
    'first_name',
    'last_name',
    'email',
    'type',
    'id',
    'roles',
  ],
  groups: ['name', 'members', 'parent', 'id'],
};

function checkSeedShape(raw: unknown, source: string, problems: string[]): EmulatorSeed {
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${source}: the seed must be a mapping with ${TOP_KEYS.join(', ')}`);
    return {};
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!TOP_KEYS.includes(key))
      problems.push(`${source}: unknown section "${key}" (expected ${TOP_KEYS.join(', ')})`);
  }
  for (const section of TOP_KEYS) {
    const list = record[section];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      problems.push(`${source}: "${section}" must be a list`);
      continue;
    }
    list.forEach((entry, i) => {
      const where = entryLabel(source, section, i, entry);
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        problems.push(`${where}: must be a mapping`);
        return;
      }
      for (const key of Object.keys(entry as object)) {
        if (!ENTRY_KEYS[section]!.includes(key)) {
          problems.push(
            `${where}: unknown key "${key}" (expected ${ENTRY_KEYS[section]!.join(', ')})`,
          );
        }
      }
    });
  }
  return record;
}
