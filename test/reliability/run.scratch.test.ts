import { it } from 'vitest';
import { runIn } from './helpers.js';
it('x', async () => { for (const f of ['t.yaml','t2.yaml','t3.yaml']) { const r = await runIn('/tmp/rel', ['validate', f]); console.log(f, r.code, r.stderr.slice(0, 1500)); } });
