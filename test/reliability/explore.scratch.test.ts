import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { CONFIG_CASES, PLAN_CASES } from './bad-input-cases.js';
import { runIn, parseDiagnostics, SEED_FILE, studioEnv } from './helpers.js';

it('explore', async () => {
  const emu = await startEmulator({ seedFile: SEED_FILE });
  const out: Record<string, unknown> = {};
  for (const c of [...CONFIG_CASES, ...PLAN_CASES]) {
    const dir = mkdtempSync(join(tmpdir(), 'rel-'));
    for (const [p, content] of Object.entries(c.files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), content);
    }
    c.setup?.(dir);
    const v = await runIn(dir, ['validate', ...(c.paths ?? ['.'])]);
    emu.resetCounters();
    const p = await runIn(dir, ['plan', ...(c.paths ?? ['.'])], studioEnv(emu));
    out[c.name] = {
      v: v.code,
      p: p.code,
      req: emu.requestCount(),
      vd: parseDiagnostics(v.stderr).map((d) =>
        [d.severity[0], d.code, d.file, d.line, d.col].join(' '),
      ),
      pd: parseDiagnostics(p.stderr).map((d) =>
        [d.severity[0], d.code, d.file, d.line, d.col].join(' '),
      ),
    };
  }
  (await import('node:fs')).writeFileSync('/tmp/rel/out.json', JSON.stringify(out));
  await emu.stop();
}, 60000);
