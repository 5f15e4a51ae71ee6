import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator } from '../../src/emulator/index.js';
import { fakeIo } from './fake-io.js';
import { randomStudio } from './export-explain-drift.test.js';

it('debug', async () => {
  const emu = await startEmulator({ seed: randomStudio(200) });
  const dir = mkdtempSync(join(tmpdir(), 'dbg-'));
  const env = { FTRACK_SERVER: emu.url, FTRACK_API_USER: 'admin', FTRACK_API_KEY: 'admin-key' };
  let r = fakeIo('/work/main', env);
  await runCli(['export', '--out', dir], r.io);
  r = fakeIo('/work/main', env);
  await runCli(['plan', dir, '--format', 'json', '--allow-removals', '9999'], r.io);
  const plan = JSON.parse(r.stdout());
  console.log(JSON.stringify(plan.changes.slice(0, 3), null, 1), plan.summary);
  console.log(dir);
  await emu.stop();
});
