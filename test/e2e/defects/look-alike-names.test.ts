import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { fakeIo } from '../fake-io.js';

// Issue 23, item 6: with `ana` and Cyrillic `аna` on the server (or `bo` and `Bo`), granting
// `аna` Administrator exited 0 with no warning, and the text and Markdown plans looked
// exactly like a grant to `ana`. A name of the config that looks like another name of the
// server is a warning (FR413), and names with characters outside ASCII are shown with
// their code points in the text and Markdown plans.

const CYRILLIC_ANA = '\u0430na';
let emu: Emulator;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      security_roles: [
        { name: 'Administrator', type: 'PROJECT' },
        { name: 'User', type: 'PROJECT' },
      ],
      projects: [{ name: 'alpha' }],
      users: [
        { username: 'svc', api_key: 'k', roles: { Administrator: 'all-open' } },
        { username: 'ana', roles: { Administrator: 'all-open' } },
        { username: CYRILLIC_ANA },
        { username: 'bo' },
        { username: 'Bo' },
      ],
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-lookalike-'));
  writeFileSync(
    join(dir, 'access.yaml'),
    `version: 1\nusers:\n  ${CYRILLIC_ANA}:\n    roles:\n      Administrator: all-open\n  Bo:\n    roles:\n      User: [alpha]\n`,
  );
});
afterAll(async () => {
  await emu.stop();
});

async function plan(format: string) {
  const io = fakeIo(dir, { FTRACK_SERVER: emu.url, FTRACK_API_USER: 'svc', FTRACK_API_KEY: 'k' });
  const code = await runCli(['plan', 'access.yaml', '--format', format], io.io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('a name that looks like another', () => {
  it('is a warning with its position (FR413)', async () => {
    const result = await plan('text');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      `access.yaml:3:3: warning FR413: User "${CYRILLIC_ANA}" (\\u0430na) looks like the server's user "ana"`,
    );
    expect(result.stderr).toContain(
      'access.yaml:6:3: warning FR413: User "Bo" looks like the server\'s user "bo"',
    );
  });

  it('is shown with its code points in the text and Markdown plans', async () => {
    const text = await plan('text');
    expect(text.stdout).toContain(`${CYRILLIC_ANA} (\\u0430na)\n  + Administrator`);
    const markdown = await plan('markdown');
    expect(markdown.stdout).toContain('\\u0430na');
  });
});
