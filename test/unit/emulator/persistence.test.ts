import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorSetupError, startEmulator } from '../../../src/emulator/index.js';
import { post, smallSeed } from './helpers.js';

let dir: string;
let stateFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-state-'));
  stateFile = join(dir, 'state.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('state file', () => {
  it('survives a restart with every committed change, and ignores the seed then', async () => {
    const first = await startEmulator({ seed: smallSeed(), stateFile });
    await post(first.url, [
      {
        action: 'create',
        entity_type: 'Project',
        entity_data: { name: 'gamma', is_private: true },
      },
    ]);
    const snapshot = first.snapshot();
    await first.stop();
    const second = await startEmulator({ seed: { projects: [{ name: 'other' }] }, stateFile });
    expect(second.snapshot()).toEqual(snapshot);
    expect((await post(second.url, [])).json).toEqual([]);
    await second.stop();
  });

  it('creates the folder of a new state file', async () => {
    const nested = join(dir, 'a', 'b', 'state.json');
    const emu = await startEmulator({ seed: smallSeed(), stateFile: nested });
    await emu.stop();
    expect(readFileSync(nested, 'utf8')).toContain('ftrack-roles-emulator-state');
  });

  it('never writes an API key, only its digest, and leaves no temporary files', async () => {
    const emu = await startEmulator({ seed: smallSeed(), stateFile });
    await post(emu.url, [
      { action: 'create', entity_type: 'Project', entity_data: { name: 'gamma' } },
    ]);
    await emu.stop();
    const text = readFileSync(stateFile, 'utf8');
    expect(text).not.toContain('admin-key');
    expect(text).toContain('api_key_sha256');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('does not persist a call that failed', async () => {
    const emu = await startEmulator({ seed: smallSeed(), stateFile });
    const before = readFileSync(stateFile, 'utf8');
    const response = await post(emu.url, [
      { action: 'create', entity_type: 'Project', entity_data: { name: 'gamma' } },
      { action: 'create', entity_type: 'Project', entity_data: { name: 'alpha' } },
    ]);
    expect(response.json).toMatchObject({ exception: 'DuplicateEntryError' });
    expect(readFileSync(stateFile, 'utf8')).toBe(before);
    await emu.stop();
  });

  it.each([
    ['not JSON', '{"format": '],
    ['another format', '{"format": "something", "version": 1, "tables": {}}'],
    ['a newer version', '{"format": "ftrack-roles-emulator-state", "version": 9, "tables": {}}'],
    [
      'an unknown table',
      '{"format": "ftrack-roles-emulator-state", "version": 1, "tables": {"Task": []}}',
    ],
    [
      'a dangling reference',
      '{"format": "ftrack-roles-emulator-state", "version": 1, "tables": {"Membership": [{"id": "m", "user_id": "u", "group_id": "g"}]}}',
    ],
  ])('refuses a corrupt state file (%s) and leaves it unchanged', async (_label, content) => {
    writeFileSync(stateFile, content);
    await expect(startEmulator({ seed: smallSeed(), stateFile })).rejects.toThrow(
      EmulatorSetupError,
    );
    await expect(startEmulator({ stateFile })).rejects.toThrow(/state file .* is corrupt/);
    expect(readFileSync(stateFile, 'utf8')).toBe(content);
  });
});
