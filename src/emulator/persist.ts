import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../fs/atomic-write.js';
import { STORED_TYPES } from './entities.js';
import { EmulatorSetupError } from './errors.js';
import { EmulatorState } from './state.js';
import type { Row } from './store.js';

const FORMAT = 'ftrack-roles-emulator-state';
const VERSION = 1;

interface StateFile {
  format: typeof FORMAT;
  version: typeof VERSION;
  /** Rows per stored type. */
  tables: Record<string, Row[]>;
  /** user id → SHA-256 hex digest of the user's API key (the key itself is never written). */
  api_key_sha256: Record<string, string>;
}

/** Writes the state atomically (a temporary file in the same folder, then a rename). */
export function saveState(file: string, state: EmulatorState): void {
  const tables: Record<string, Row[]> = {};
  for (const type of Object.keys(STORED_TYPES)) {
    tables[type] = [...(state.store.table(type)?.rows.values() ?? [])];
  }
  const content: StateFile = {
    format: FORMAT,
    version: VERSION,
    tables,
    api_key_sha256: Object.fromEntries(state.apiKeyDigests),
  };
  writeFileAtomicSync(file, `${JSON.stringify(content)}\n`, { mode: 0o600 });
}

/** Loads a state file; undefined when it does not exist; a clear error when it is corrupt. */
export function loadState(file: string): EmulatorState | undefined {
  if (!existsSync(file)) return undefined;
  const fail = (why: string, cause?: unknown): never => {
    throw new EmulatorSetupError(
      `The emulator state file ${file} is corrupt: ${why}. It was left unchanged; ` +
        'restore it, or move it away to start from the seed.',
      { cause },
    );
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message})`, error);
  }
  const content = parsed as Partial<StateFile> | null;
  if (content === null || typeof content !== 'object' || content.format !== FORMAT) {
    return fail(`not an emulator state file (expected "format": "${FORMAT}")`);
  }
  if (content.version !== VERSION) return fail(`unsupported version ${String(content.version)}`);
  if (content.tables === null || typeof content.tables !== 'object')
    return fail('"tables" is missing');
  const state = new EmulatorState();
  for (const [type, rows] of Object.entries(content.tables)) {
    if (!Object.hasOwn(STORED_TYPES, type)) return fail(`unknown table "${type}"`);
    if (!Array.isArray(rows)) return fail(`table "${type}" is not a list`);
    for (const row of rows as unknown[]) {
      const r = row as Row | null;
      if (r === null || typeof r !== 'object' || typeof r.id !== 'string') {
        return fail(`a row of "${type}" has no id`);
      }
      if (type === 'UserType') {
        // built in (state.ts): the file's copy is only compared with it
        const builtIn = state.store.get(type, r.id);
        if (builtIn === undefined || builtIn['name'] !== r['name'])
          return fail(`UserType "${r.id}" is not one of the built-in user types`);
        continue;
      }
      if (state.store.get(type, r.id) !== undefined) return fail(`duplicate ${type} id "${r.id}"`);
      state.store.insert(type, r);
    }
  }
  checkReferences(state, fail);
  const keys = content.api_key_sha256 ?? {};
  if (typeof keys !== 'object') return fail('"api_key_sha256" is not a mapping');
  for (const [userId, digest] of Object.entries(keys)) {
    if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest))
      return fail(`bad key digest for user "${userId}"`);
    state.apiKeyDigests.set(userId, digest);
  }
  return state;
}

function checkReferences(state: EmulatorState, fail: (why: string) => never): void {
  for (const [type, definition] of Object.entries(STORED_TYPES)) {
    for (const row of state.store.table(type)?.rows.values() ?? []) {
      for (const [name, relation] of Object.entries(definition.references)) {
        const target = row[relation.fk];
        if (
          target !== null &&
          target !== undefined &&
          state.store.get(relation.target, target) === undefined
        ) {
          fail(`${type} "${row.id}" refers to a missing ${relation.target} through "${name}"`);
        }
      }
    }
  }
}
