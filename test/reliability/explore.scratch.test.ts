import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { CONFIG_CASES, PLAN_CASES } from './bad-input-cases.js';
import { runIn, parseDiagnostics, SEED_FILE, studioEnv } from './helpers.js';

it('explore', async () => {
  const emu = await startEmulator({ seedFile: SEED_FILE });
  for (const c of [...CONFIG_CASES, ...PLAN_CASES]) {
    const dir = mkdtempSync(join(tmpdir(), 'rel-'));
    for (const [p, content] of Object.entries(c.files)) { mkdirSync(dirname(join(dir,p)),{recursive:true}); writeFileSync(join(dir, p), content); }
    c.setup?.(dir);
    const v = await runIn(dir, ['validate', ...(c.paths ?? ['.'])]);
    emu.resetCounters();
    const p = await runIn(dir, ['plan', ...(c.paths ?? ['.'])], studioEnv(emu));
    console.log(`### ${c.name} validate=${v.code} plan=${p.code} req=${emu.requestCount()}\n${v.stderr.slice(0,600)}\n--plan--\n${p.stderr.slice(0,800)}`);
  }
  await emu.stop();
}, 60000);
