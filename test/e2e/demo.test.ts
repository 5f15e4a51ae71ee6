import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo.js';
import { fakeIo } from './fake-io.js';

describe('npm run demo', () => {
  it('validates, plans, applies and converges on the example studio', async () => {
    const fake = fakeIo(process.cwd());
    fake.io.confirm = () => Promise.reject(new Error('the demo must not ask'));
    const code = await runDemo(fake.io);
    const out = fake.stdout();
    const err = fake.stderr();
    expect(out + err).not.toContain('local-demo-key');
    expect(code, err).toBe(0);
    expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('$ ftrack-roles plan examples/studio/access --detailed-exitcode');
    expect(out).toMatch(/Plan: \d+ to assign, \d+ to modify, \d+ to remove\./);
    expect(out).toContain('No changes.');
    expect(err).toMatch(/Applied \d+ changes \(\d+ operations\) and verified them on the server\./);
    expect(out).toContain('Demo finished: the server converged to the desired state.');
  });
});
